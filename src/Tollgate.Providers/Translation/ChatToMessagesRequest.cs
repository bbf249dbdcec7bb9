using System.Text.Json;

namespace Tollgate.Providers.Translation;

/// <summary>
/// An OpenAI chat completions request as an Anthropic messages request: <c>system</c> and <c>developer</c> messages
/// become <c>system</c>; text, image (URL or base64) and PDF parts become content blocks; assistant <c>tool_calls</c>
/// become <c>tool_use</c> blocks and <c>tool</c> messages <c>tool_result</c> blocks, consecutive ones merged into one
/// user turn; <c>tools</c>, <c>tool_choice</c> and <c>parallel_tool_calls</c>; the output limit
/// (<c>max_completion_tokens</c>, <c>max_tokens</c>, else the model's maximum, since Anthropic requires one);
/// <c>stop</c>, <c>temperature</c> (Anthropic's range ends at 1), <c>top_p</c>, <c>stream</c> and <c>user</c>.
/// Members that change nothing a client reads (<c>seed</c>, penalties, <c>store</c>, <c>prompt_cache_key</c> …) are
/// left out; what the client would miss in the answer (<c>n</c> above 1, <c>logprobs</c>, audio, a JSON schema
/// response format) is refused.
/// </summary>
internal static class ChatToMessagesRequest
{
    public static string? Write(JsonElement root, string model, long? defaultMaxTokens, Utf8JsonWriter writer)
    {
        if (Unsupported(root) is { } refusal)
        {
            return refusal;
        }

        if (!root.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
        {
            return "messages must be an array";
        }

        var maxTokens = TranslationJson.Long(root, "max_completion_tokens") ?? TranslationJson.Long(root, "max_tokens") ?? defaultMaxTokens;
        if (maxTokens is null)
        {
            return $"Anthropic requires max_tokens and the pricing catalog names no max_output_tokens for {model}; set max_completion_tokens";
        }

        writer.WriteStartObject();
        writer.WriteString("model", model);
        writer.WriteNumber("max_tokens", maxTokens.Value);
        if (WriteSystem(messages, writer) is { } systemRefusal)
        {
            return systemRefusal;
        }

        writer.WriteStartArray("messages");
        var turns = new MessagesTurns(writer);
        foreach (var message in messages.EnumerateArray())
        {
            if (WriteMessage(message, ref turns) is { } messageRefusal)
            {
                return messageRefusal;
            }
        }

        turns.Close();
        writer.WriteEndArray();
        WriteStop(root, writer);
        return WriteTail(root, writer, nestedTools: true);
    }

    /// <summary>
    /// Writes what a chat or Responses request ends with in the Messages API — sampling, tools and tool choice, the
    /// caller's id as metadata, the stream flag — and closes the request; a refusal when a tool cannot be carried.
    /// </summary>
    /// <param name="root">The client's request.</param>
    /// <param name="writer">The Messages request being written, its messages already closed.</param>
    /// <param name="nestedTools">Whether the tools are chat's (<c>{"type":"function","function":{…}}</c>) or Responses' flat ones.</param>
    internal static string? WriteTail(JsonElement root, Utf8JsonWriter writer, bool nestedTools)
    {
        WriteSampling(root, writer);
        if (TranslationJson.Has(root, "tools", out var tools) && tools.ValueKind == JsonValueKind.Array && tools.GetArrayLength() > 0)
        {
            if (AnthropicTools.WriteTools(tools, nested: nestedTools, writer) is { } toolRefusal)
            {
                return toolRefusal;
            }

            if (AnthropicTools.WriteToolChoice(root, writer) is { } choiceRefusal)
            {
                return choiceRefusal;
            }
        }

        if ((TranslationJson.String(root, "safety_identifier") ?? TranslationJson.String(root, "user")) is { Length: > 0 } user)
        {
            writer.WriteStartObject("metadata");
            writer.WriteString("user_id", user);
            writer.WriteEndObject();
        }

        if (TranslationJson.True(root, "stream"))
        {
            writer.WriteBoolean("stream", true);
        }

        writer.WriteEndObject();
        return null;
    }

    /// <summary>Whether the request asks for usage on its stream (<c>stream_options.include_usage</c>).</summary>
    public static bool IncludesStreamUsage(JsonElement root) =>
        root.TryGetProperty("stream_options", out var options) && options.ValueKind == JsonValueKind.Object && TranslationJson.True(options, "include_usage");

    /// <summary><c>temperature</c> (at most 1, Anthropic's upper bound) and <c>top_p</c>.</summary>
    internal static void WriteSampling(JsonElement root, Utf8JsonWriter writer)
    {
        if (root.TryGetProperty("temperature", out var temperature) && temperature.ValueKind == JsonValueKind.Number && temperature.TryGetDouble(out var value))
        {
            writer.WriteNumber("temperature", Math.Clamp(value, 0, 1));
        }

        TranslationJson.Copy(root, "top_p", writer, "top_p");
    }

    private static string? Unsupported(JsonElement root)
    {
        if (TranslationJson.Long(root, "n") is > 1)
        {
            return "n above 1 asks for several choices, which Anthropic does not make";
        }

        if (TranslationJson.True(root, "logprobs"))
        {
            return "logprobs have no Anthropic counterpart";
        }

        if (TranslationJson.Has(root, "audio", out _))
        {
            return "audio output has no Anthropic counterpart";
        }

        if (TranslationJson.Has(root, "response_format", out var format) && format.ValueKind == JsonValueKind.Object
            && !TranslationJson.IsString(format, "type", "text"))
        {
            return $"response_format {TranslationJson.String(format, "type")} has no Anthropic counterpart";
        }

        return null;
    }

    private static string? WriteSystem(JsonElement messages, Utf8JsonWriter writer)
    {
        var open = false;
        foreach (var message in messages.EnumerateArray())
        {
            if (message.ValueKind != JsonValueKind.Object || !(TranslationJson.IsString(message, "role", "system") || TranslationJson.IsString(message, "role", "developer")))
            {
                continue;
            }

            if (!message.TryGetProperty("content", out var content))
            {
                continue;
            }

            foreach (var text in TextParts.Of(content))
            {
                if (text.Length == 0)
                {
                    continue;
                }

                if (!open)
                {
                    writer.WriteStartArray("system");
                    open = true;
                }

                writer.WriteStartObject();
                writer.WriteString("type", "text");
                writer.WriteString("text", text);
                writer.WriteEndObject();
            }
        }

        if (open)
        {
            writer.WriteEndArray();
        }

        return null;
    }

    private static string? WriteMessage(JsonElement message, ref MessagesTurns turns)
    {
        if (message.ValueKind != JsonValueKind.Object)
        {
            return "every message must be an object";
        }

        var role = TranslationJson.String(message, "role");
        message.TryGetProperty("content", out var content);
        switch (role)
        {
            case "system" or "developer":
                return null;
            case "user":
                return WriteUserContent(content, ref turns);
            case "assistant":
                foreach (var text in TextParts.Of(content))
                {
                    turns.Text("assistant", text);
                }

                if (TranslationJson.Has(message, "tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array)
                {
                    foreach (var call in calls.EnumerateArray())
                    {
                        var function = call.TryGetProperty("function", out var f) ? f : default;
                        var refusal = function.ValueKind == JsonValueKind.Object
                            ? turns.ToolUse(TranslationJson.String(call, "id"), TranslationJson.String(function, "name"), TranslationJson.String(function, "arguments"))
                            : "only function tool calls are translated";
                        if (refusal is not null)
                        {
                            return refusal;
                        }
                    }
                }

                return null;
            case "tool":
                return turns.ToolResult(TranslationJson.String(message, "tool_call_id"), content);
            default:
                return $"the message role '{role}' has no Anthropic counterpart";
        }
    }

    private static string? WriteUserContent(JsonElement content, ref MessagesTurns turns)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            turns.Text("user", content.GetString());
            return null;
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            return "a user message's content must be text or an array of parts";
        }

        foreach (var part in content.EnumerateArray())
        {
            var type = TranslationJson.String(part, "type");
            if (type == "text")
            {
                turns.Text("user", TranslationJson.String(part, "text"));
            }
            else if (type == "image_url" && part.TryGetProperty("image_url", out var image))
            {
                var url = image.ValueKind == JsonValueKind.String ? image.GetString() : TranslationJson.String(image, "url");
                if (string.IsNullOrEmpty(url))
                {
                    return "an image part needs its url";
                }

                turns.Image("user", url);
            }
            else if (type == "file" && part.TryGetProperty("file", out var file) && TranslationJson.String(file, "file_data") is { } data)
            {
                if (!turns.Document("user", data))
                {
                    return "only PDF files given inline (file_data) are translated";
                }
            }
            else
            {
                return $"the content part type '{type}' has no Anthropic counterpart";
            }
        }

        return null;
    }

    private static void WriteStop(JsonElement root, Utf8JsonWriter writer)
    {
        if (!TranslationJson.Has(root, "stop", out var stop))
        {
            return;
        }

        writer.WriteStartArray("stop_sequences");
        if (stop.ValueKind == JsonValueKind.String)
        {
            writer.WriteStringValue(stop.GetString());
        }
        else if (stop.ValueKind == JsonValueKind.Array)
        {
            foreach (var sequence in stop.EnumerateArray())
            {
                if (sequence.ValueKind == JsonValueKind.String)
                {
                    writer.WriteStringValue(sequence.GetString());
                }
            }
        }

        writer.WriteEndArray();
    }
}
