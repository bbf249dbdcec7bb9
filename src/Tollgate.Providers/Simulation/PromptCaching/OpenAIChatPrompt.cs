using System.Runtime.InteropServices;
using System.Text.Json;
using Tollgate.Core.Tokens;

namespace Tollgate.Providers.Simulation.PromptCaching;

/// <summary>
/// Reads a chat completions body into a <see cref="TokenPrefix"/> in the order OpenAI reads the prompt: the tool
/// definitions, then the messages (system and developer messages are messages). Tokens are counted as
/// <see cref="TokenCounter.EstimateRequestInput"/> counts them for the body's <c>prompt_tokens</c>, piece by piece,
/// so the prefix ends where the prompt does, before the tokens that prime the reply.
/// </summary>
internal static class OpenAIChatPrompt
{
    public static TokenPrefix Read(JsonElement body, string model)
    {
        var prefix = new TokenPrefix("openai", model);
        if (body.TryGetProperty("tools", out var tools) && tools.ValueKind == JsonValueKind.Array)
        {
            prefix.AppendOpaque(PrefixPiece.Section, "tools"u8, 0);
            prefix.AppendText(tools.GetRawText());
        }

        // tool_choice and response_format change what the model reads before the messages.
        foreach (var setting in (ReadOnlySpan<string>)["tool_choice", "response_format"])
        {
            if (body.TryGetProperty(setting, out var value))
            {
                prefix.AppendOpaque(PrefixPiece.Property, JsonMarshal.GetRawUtf8Value(value), 0);
            }
        }

        if (!body.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
        {
            return prefix;
        }

        prefix.AppendOpaque(PrefixPiece.Section, "messages"u8, 0);
        foreach (var message in messages.EnumerateArray())
        {
            prefix.AppendOpaque(PrefixPiece.Message, default, TokenCounter.PerMessageOverhead);
            if (message.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            foreach (var property in message.EnumerateObject())
            {
                prefix.AppendOpaque(PrefixPiece.Property, JsonMarshal.GetRawUtf8PropertyName(property), property.NameEquals("name") ? TokenCounter.PerNameOverhead : 0);
                if (property.NameEquals("content") || property.NameEquals("tool_calls"))
                {
                    AppendContent(prefix, property.Value);
                }
                else if (property.Value.ValueKind == JsonValueKind.String)
                {
                    prefix.AppendText(property.Value.GetString()!);
                }
                else
                {
                    prefix.AppendOpaque(PrefixPiece.Property, JsonMarshal.GetRawUtf8Value(property.Value), 0);
                }
            }
        }

        return prefix;
    }

    /// <summary>Mirrors <see cref="TokenCounter.CountContent"/>: text parts by their text, anything else by its JSON.</summary>
    internal static void AppendContent(TokenPrefix prefix, JsonElement content)
    {
        switch (content.ValueKind)
        {
            case JsonValueKind.String:
                prefix.AppendText(content.GetString()!);
                break;
            case JsonValueKind.Array:
                foreach (var part in content.EnumerateArray())
                {
                    if (part.ValueKind == JsonValueKind.Number)
                    {
                        prefix.AppendOpaque(PrefixPiece.Token, JsonMarshal.GetRawUtf8Value(part), 1);
                    }
                    else if (part.ValueKind == JsonValueKind.Object && part.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String)
                    {
                        prefix.AppendOpaque(PrefixPiece.Block, "text"u8, 0);
                        prefix.AppendText(text.GetString()!);
                    }
                    else
                    {
                        AppendContent(prefix, part);
                    }
                }

                break;
            case JsonValueKind.Object:
                prefix.AppendOpaque(PrefixPiece.Block, default, 0);
                prefix.AppendText(content.GetRawText());
                break;
            default:
                prefix.AppendOpaque(PrefixPiece.Property, JsonMarshal.GetRawUtf8Value(content), 0);
                break;
        }
    }
}
