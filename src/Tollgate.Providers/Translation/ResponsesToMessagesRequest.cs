using System.Text.Json;

namespace Tollgate.Providers.Translation;

/// <summary>
/// An OpenAI Responses API request, its stateless subset, as an Anthropic messages request: <c>instructions</c> and
/// <c>system</c>/<c>developer</c> input messages become <c>system</c>; <c>input</c> (text, or message items with
/// <c>input_text</c>, <c>input_image</c>, <c>input_file</c> and <c>output_text</c> parts, <c>function_call</c> and
/// <c>function_call_output</c> items) becomes turns; function <c>tools</c>, <c>tool_choice</c>,
/// <c>max_output_tokens</c> (else the model's maximum), <c>temperature</c>, <c>top_p</c>, <c>stream</c>. What needs
/// state kept at OpenAI (<c>previous_response_id</c>, <c>conversation</c>, <c>background</c>, <c>store: true</c>,
/// item references) and built-in tools are refused.
/// </summary>
internal static class ResponsesToMessagesRequest
{
    public static string? Write(JsonElement root, string model, long? defaultMaxTokens, Utf8JsonWriter writer)
    {
        if (Stateful(root) is { } stateful)
        {
            return stateful;
        }

        if (TranslationJson.Has(root, "text", out var text) && text.ValueKind == JsonValueKind.Object && text.TryGetProperty("format", out var format)
            && format.ValueKind == JsonValueKind.Object && !TranslationJson.IsString(format, "type", "text"))
        {
            return $"text.format {TranslationJson.String(format, "type")} has no Anthropic counterpart";
        }

        var maxTokens = TranslationJson.Long(root, "max_output_tokens") ?? defaultMaxTokens;
        if (maxTokens is null)
        {
            return $"Anthropic requires max_tokens and the pricing catalog names no max_output_tokens for {model}; set max_output_tokens";
        }

        root.TryGetProperty("input", out var input);
        writer.WriteStartObject();
        writer.WriteString("model", model);
        writer.WriteNumber("max_tokens", maxTokens.Value);
        WriteSystem(root, input, writer);
        writer.WriteStartArray("messages");
        var turns = new MessagesTurns(writer);
        if (input.ValueKind == JsonValueKind.String)
        {
            turns.Text("user", input.GetString());
        }
        else if (input.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in input.EnumerateArray())
            {
                if (WriteItem(item, ref turns) is { } refusal)
                {
                    return refusal;
                }
            }
        }
        else
        {
            return "input must be text or an array of items";
        }

        turns.Close();
        writer.WriteEndArray();
        return ChatToMessagesRequest.WriteTail(root, writer, nestedTools: false);
    }

    /// <summary>Why the request needs state kept at OpenAI, which another provider cannot give it; null when it needs none.</summary>
    public static string? Stateful(JsonElement root)
    {
        if (TranslationJson.Has(root, "previous_response_id", out _))
        {
            return "previous_response_id continues a response stored at OpenAI; send the whole conversation as input instead";
        }

        if (TranslationJson.Has(root, "conversation", out _))
        {
            return "conversation continues a conversation stored at OpenAI; send the whole conversation as input instead";
        }

        if (TranslationJson.True(root, "background"))
        {
            return "background responses are kept and polled at OpenAI";
        }

        if (TranslationJson.True(root, "store"))
        {
            return "store: true keeps the response at OpenAI for later retrieval; send store: false or leave it out";
        }

        return null;
    }

    private static void WriteSystem(JsonElement root, JsonElement input, Utf8JsonWriter writer)
    {
        var open = false;
        if (TranslationJson.String(root, "instructions") is { Length: > 0 } instructions)
        {
            Open(writer, ref open);
            WriteSystemText(writer, instructions);
        }

        if (input.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in input.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Object && (TranslationJson.IsString(item, "role", "system") || TranslationJson.IsString(item, "role", "developer"))
                    && item.TryGetProperty("content", out var content))
                {
                    foreach (var text in TextParts.Of(content))
                    {
                        if (text.Length > 0)
                        {
                            Open(writer, ref open);
                            WriteSystemText(writer, text);
                        }
                    }
                }
            }
        }

        if (open)
        {
            writer.WriteEndArray();
        }

        static void Open(Utf8JsonWriter writer, ref bool open)
        {
            if (!open)
            {
                writer.WriteStartArray("system");
                open = true;
            }
        }
    }

    private static void WriteSystemText(Utf8JsonWriter writer, string text)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "text");
        writer.WriteString("text", text);
        writer.WriteEndObject();
    }

    private static string? WriteItem(JsonElement item, ref MessagesTurns turns)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            return "every input item must be an object";
        }

        var type = TranslationJson.String(item, "type") ?? "message";
        switch (type)
        {
            case "message":
                var role = TranslationJson.String(item, "role");
                if (role is "system" or "developer")
                {
                    return null;
                }

                if (role is not ("user" or "assistant"))
                {
                    return $"the message role '{role}' has no Anthropic counterpart";
                }

                item.TryGetProperty("content", out var content);
                return WriteContent(role, content, ref turns);
            case "function_call":
                return turns.ToolUse(TranslationJson.String(item, "call_id"), TranslationJson.String(item, "name"), TranslationJson.String(item, "arguments"));
            case "function_call_output":
                item.TryGetProperty("output", out var output);
                return turns.ToolResult(TranslationJson.String(item, "call_id"), output);
            case "reasoning":
                // The model's own reasoning from an earlier turn: another provider cannot read it back.
                return null;
            default:
                return $"the input item type '{type}' has no Anthropic counterpart";
        }
    }

    private static string? WriteContent(string role, JsonElement content, ref MessagesTurns turns)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            turns.Text(role, content.GetString());
            return null;
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            return "a message's content must be text or an array of parts";
        }

        foreach (var part in content.EnumerateArray())
        {
            switch (TranslationJson.String(part, "type"))
            {
                case "input_text" or "output_text" or "text":
                    turns.Text(role, TranslationJson.String(part, "text"));
                    break;
                case "refusal":
                    turns.Text(role, TranslationJson.String(part, "refusal"));
                    break;
                case "input_image" when TranslationJson.String(part, "image_url") is { Length: > 0 } url:
                    turns.Image(role, url);
                    break;
                case "input_file" when TranslationJson.String(part, "file_data") is { } data && turns.Document(role, data):
                    break;
                case var type:
                    return $"the content part '{type}' has no Anthropic counterpart (images by URL and inline PDFs are translated, file ids are not)";
            }
        }

        return null;
    }
}
