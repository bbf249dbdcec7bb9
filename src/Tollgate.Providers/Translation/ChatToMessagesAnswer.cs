using System.Text.Json;

namespace Tollgate.Providers.Translation;

/// <summary>
/// An OpenAI chat completion (its first choice) as an Anthropic message: the content as a text block, each tool call
/// as a <c>tool_use</c> block (arguments parsed into the input object), <c>finish_reason</c> as <c>stop_reason</c>, the
/// usage in Anthropic's form (input apart from cache reads and writes).
/// </summary>
internal static class ChatToMessagesAnswer
{
    public static void Write(JsonElement completion, Utf8JsonWriter writer)
    {
        var usage = default(UsageCounts);
        if (completion.TryGetProperty("usage", out var usageElement))
        {
            usage.ReadChat(usageElement);
        }

        JsonElement choice = default;
        if (completion.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array && choices.GetArrayLength() > 0)
        {
            choice = choices[0];
        }

        writer.WriteStartObject();
        writer.WriteString("id", TranslationJson.String(completion, "id"));
        writer.WriteString("type", "message");
        writer.WriteString("role", "assistant");
        writer.WriteString("model", TranslationJson.String(completion, "model"));
        writer.WriteStartArray("content");
        if (choice.ValueKind == JsonValueKind.Object && choice.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.Object)
        {
            if (message.TryGetProperty("content", out var content))
            {
                foreach (var text in TextParts.Of(content))
                {
                    WriteText(writer, text);
                }
            }

            if (TranslationJson.String(message, "refusal") is { Length: > 0 } refusal)
            {
                WriteText(writer, refusal);
            }

            if (TranslationJson.Has(message, "tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array)
            {
                foreach (var call in calls.EnumerateArray())
                {
                    WriteToolUse(call, writer);
                }
            }
        }

        writer.WriteEndArray();
        var finish = choice.ValueKind == JsonValueKind.Object ? TranslationJson.String(choice, "finish_reason") : null;
        writer.WriteString("stop_reason", StopReasons.ToMessages(finish));
        writer.WriteNull("stop_sequence");
        usage.WriteMessages(writer);
        writer.WriteEndObject();
    }

    private static void WriteText(Utf8JsonWriter writer, string text)
    {
        if (text.Length == 0)
        {
            return;
        }

        writer.WriteStartObject();
        writer.WriteString("type", "text");
        writer.WriteString("text", text);
        writer.WriteEndObject();
    }

    internal static void WriteToolUse(JsonElement call, Utf8JsonWriter writer)
    {
        var function = call.TryGetProperty("function", out var f) && f.ValueKind == JsonValueKind.Object ? f : default;
        writer.WriteStartObject();
        writer.WriteString("type", "tool_use");
        writer.WriteString("id", TranslationJson.String(call, "id"));
        writer.WriteString("name", function.ValueKind == JsonValueKind.Object ? TranslationJson.String(function, "name") : null);
        writer.WritePropertyName("input");
        WriteInput(function.ValueKind == JsonValueKind.Object ? TranslationJson.String(function, "arguments") : null, writer);
        writer.WriteEndObject();
    }

    /// <summary>Tool arguments (JSON text) as an input object; text that is not a JSON object is kept whole under <c>arguments</c>.</summary>
    internal static void WriteInput(string? arguments, Utf8JsonWriter writer)
    {
        if (!string.IsNullOrWhiteSpace(arguments))
        {
            try
            {
                using var document = JsonDocument.Parse(arguments, TranslationJson.DocumentOptions);
                if (document.RootElement.ValueKind == JsonValueKind.Object)
                {
                    document.RootElement.WriteTo(writer);
                    return;
                }
            }
            catch (JsonException)
            {
                // A model's malformed arguments are the model's answer: kept whole, never dropped.
            }

            writer.WriteStartObject();
            writer.WriteString("arguments", arguments);
            writer.WriteEndObject();
            return;
        }

        writer.WriteStartObject();
        writer.WriteEndObject();
    }
}
