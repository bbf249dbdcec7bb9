using System.Text.Json;

namespace Tollgate.Providers.Translation;

/// <summary>
/// An Anthropic message as an OpenAI chat completion: its text blocks as the message's content, <c>tool_use</c> blocks
/// as <c>tool_calls</c> (the input object as the arguments' JSON text), the stop reason as <c>finish_reason</c>, the
/// id and served model as they are, and the usage in OpenAI's form (cache reads and writes inside
/// <c>prompt_tokens</c>). Thinking blocks are left out.
/// </summary>
internal static class MessagesToChatAnswer
{
    public static void Write(JsonElement message, Utf8JsonWriter writer)
    {
        var usage = default(UsageCounts);
        if (message.TryGetProperty("usage", out var usageElement))
        {
            usage.ReadMessages(usageElement);
        }

        message.TryGetProperty("content", out var content);
        writer.WriteStartObject();
        writer.WriteString("id", TranslationJson.String(message, "id"));
        writer.WriteString("object", "chat.completion");
        writer.WriteNumber("created", TranslationJson.Now());
        writer.WriteString("model", TranslationJson.String(message, "model"));
        writer.WriteStartArray("choices");
        writer.WriteStartObject();
        writer.WriteNumber("index", 0);
        writer.WriteStartObject("message");
        writer.WriteString("role", "assistant");
        WriteContent(content, writer);
        writer.WriteNull("refusal");
        WriteToolCalls(content, writer);
        writer.WriteEndObject();
        writer.WriteNull("logprobs");
        writer.WriteString("finish_reason", StopReasons.ToChat(TranslationJson.String(message, "stop_reason")));
        writer.WriteEndObject();
        writer.WriteEndArray();
        usage.WriteChat(writer);
        writer.WriteEndObject();
    }

    private static void WriteContent(JsonElement content, Utf8JsonWriter writer)
    {
        string? only = null;
        var texts = 0;
        if (content.ValueKind == JsonValueKind.Array)
        {
            foreach (var block in content.EnumerateArray())
            {
                if (TranslationJson.IsString(block, "type", "text"))
                {
                    only ??= TranslationJson.String(block, "text");
                    texts++;
                }
            }
        }

        if (texts <= 1)
        {
            writer.WriteString("content", only);
            return;
        }

        // Several text blocks (around tool calls, say) read as one text, as OpenAI writes it.
        var joined = new System.Text.StringBuilder();
        foreach (var block in content.EnumerateArray())
        {
            if (TranslationJson.IsString(block, "type", "text"))
            {
                joined.Append(TranslationJson.String(block, "text"));
            }
        }

        writer.WriteString("content", joined.ToString());
    }

    private static void WriteToolCalls(JsonElement content, Utf8JsonWriter writer)
    {
        if (content.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        var open = false;
        foreach (var block in content.EnumerateArray())
        {
            if (!TranslationJson.IsString(block, "type", "tool_use"))
            {
                continue;
            }

            if (!open)
            {
                writer.WriteStartArray("tool_calls");
                open = true;
            }

            WriteToolCall(block, writer);
        }

        if (open)
        {
            writer.WriteEndArray();
        }
    }

    /// <summary>Writes an Anthropic <c>tool_use</c> block as a chat <c>tool_calls</c> item (its input as the arguments' JSON text).</summary>
    internal static void WriteToolCall(JsonElement block, Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("id", TranslationJson.String(block, "id"));
        writer.WriteString("type", "function");
        writer.WriteStartObject("function");
        writer.WriteString("name", TranslationJson.String(block, "name"));
        writer.WriteString("arguments", block.TryGetProperty("input", out var input) ? input.GetRawText() : "{}");
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
