using System.Runtime.InteropServices;
using System.Text.Json;
using Tollgate.Core.Tokens;

namespace Tollgate.Providers.Simulation.PromptCaching;

/// <summary>
/// Reads a messages body into its blocks in the order Anthropic caches the prompt: <c>tools</c>, <c>system</c>,
/// <c>messages</c>. Each block ends where <see cref="TokenCounter.EstimateRequestInput"/>'s count of the body has got
/// to, read in that order, so the last block ends where the prompt does, before the tokens that prime the reply. Tool
/// definitions are counted as one piece there; within them a block ends after its own count, capped so the last one
/// ends where the whole array does. A block's prefix leaves out its own <c>cache_control</c>: moving a breakpoint
/// does not change what was read.
/// </summary>
internal static class AnthropicPrompt
{
    public static List<AnthropicPromptBlock> Read(JsonElement root, string model)
    {
        var counter = TokenCounter.Shared;
        var blocks = new List<AnthropicPromptBlock>();
        using var hash = new PrefixHash("anthropic", model);
        long position = 0;
        if (root.TryGetProperty("tools", out var tools) && tools.ValueKind == JsonValueKind.Array)
        {
            hash.Append(PrefixPiece.Section, "tools"u8);
            var whole = counter.CountText(model, tools.GetRawText());
            var count = tools.GetArrayLength();
            long running = 0;
            foreach (var tool in tools.EnumerateArray())
            {
                running += counter.CountText(model, tool.GetRawText());
                position = --count == 0 ? whole : Math.Min(running, whole);
                AddBlock(blocks, hash, tool, position);
            }
        }

        if (root.TryGetProperty("system", out var system))
        {
            hash.Append(PrefixPiece.Section, "system"u8);
            position = AddContent(blocks, hash, system, position, model);
        }

        // Settings that change what the model reads before the messages: Anthropic lists tool_choice and thinking
        // among the changes that invalidate the messages' cache.
        foreach (var setting in (ReadOnlySpan<string>)["tool_choice", "thinking"])
        {
            if (root.TryGetProperty(setting, out var value))
            {
                hash.Append(PrefixPiece.Property, JsonMarshal.GetRawUtf8Value(value));
            }
        }

        if (root.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Array)
        {
            hash.Append(PrefixPiece.Section, "messages"u8);
            foreach (var message in messages.EnumerateArray())
            {
                hash.Append(PrefixPiece.Message, default(ReadOnlySpan<byte>));
                position += TokenCounter.PerMessageOverhead;
                if (message.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                foreach (var property in message.EnumerateObject())
                {
                    hash.Append(PrefixPiece.Property, JsonMarshal.GetRawUtf8PropertyName(property));
                    if (property.NameEquals("content"))
                    {
                        position = AddContent(blocks, hash, property.Value, position, model);
                        continue;
                    }

                    hash.Append(PrefixPiece.Property, JsonMarshal.GetRawUtf8Value(property.Value));
                    position += property.NameEquals("tool_calls") ? counter.CountContent(model, property.Value)
                        : property.Value.ValueKind == JsonValueKind.String ? counter.CountText(model, property.Value.GetString()!)
                        : 0;
                    position += property.NameEquals("name") ? TokenCounter.PerNameOverhead : 0;
                }
            }
        }

        // Automatic caching: the request's own marker lands on the last block it may (the request was checked first).
        if (AnthropicCacheBreakpoints.Of(root) is { } automatic && LastCacheable(root) is var last and >= 0 && last < blocks.Count)
        {
            blocks[last] = blocks[last] with { Breakpoint = blocks[last].Breakpoint ?? automatic };
        }

        return blocks;
    }

    /// <summary>A content value (system or message): a string is one block, an array a block per part, anything else is read but no block.</summary>
    private static long AddContent(List<AnthropicPromptBlock> blocks, PrefixHash hash, JsonElement content, long position, string model)
    {
        var counter = TokenCounter.Shared;
        switch (content.ValueKind)
        {
            case JsonValueKind.String:
                position += counter.CountText(model, content.GetString()!);
                AddBlock(blocks, hash, content, position);
                break;
            case JsonValueKind.Array:
                foreach (var part in content.EnumerateArray())
                {
                    // As TokenCounter.CountContent counts the parts of an array.
                    position += part.ValueKind switch
                    {
                        JsonValueKind.Number => 1,
                        JsonValueKind.Object when part.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String =>
                            counter.CountText(model, text.GetString()!),
                        _ => counter.CountContent(model, part),
                    };
                    AddBlock(blocks, hash, part, position);
                }

                break;
            default:
                hash.Append(PrefixPiece.Property, JsonMarshal.GetRawUtf8Value(content));
                position += counter.CountContent(model, content);
                break;
        }

        return position;
    }

    private static void AddBlock(List<AnthropicPromptBlock> blocks, PrefixHash hash, JsonElement block, long end)
    {
        hash.Append(PrefixPiece.Block, default(ReadOnlySpan<byte>));
        if (block.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in block.EnumerateObject())
            {
                if (!property.NameEquals("cache_control"))
                {
                    hash.Append(PrefixPiece.Property, JsonMarshal.GetRawUtf8PropertyName(property));
                    hash.Append(PrefixPiece.Property, JsonMarshal.GetRawUtf8Value(property.Value));
                }
            }
        }
        else
        {
            hash.Append(PrefixPiece.Property, JsonMarshal.GetRawUtf8Value(block));
        }

        blocks.Add(new AnthropicPromptBlock(end, hash.Current(), AnthropicCacheBreakpoints.Of(block)));
    }

    /// <summary>The index of the last block automatic caching may mark (the same blocks, in the same order, as <see cref="Read"/>'s), or -1.</summary>
    private static int LastCacheable(JsonElement root)
    {
        int index = 0, last = -1;
        foreach (var block in AnthropicCacheBreakpoints.Blocks(root))
        {
            if (AnthropicCacheBreakpoints.IsCacheable(block.Element))
            {
                last = index;
            }

            index++;
        }

        return last;
    }
}
