using System.Text.Json;

namespace Tollgate.Providers.Translation;

/// <summary>
/// An Anthropic messages request as an OpenAI chat completions request: <c>system</c> becomes the first message;
/// text and image blocks become content parts (a base64 image a <c>data:</c> URL); <c>tool_use</c> blocks become the
/// assistant's <c>tool_calls</c> and <c>tool_result</c> blocks <c>tool</c> messages, written before the rest of their
/// user turn as OpenAI requires; <c>tools</c>, <c>tool_choice</c> (<c>disable_parallel_tool_use</c> as
/// <c>parallel_tool_calls: false</c>); <c>max_tokens</c> as <c>max_completion_tokens</c>; <c>stop_sequences</c>,
/// <c>temperature</c>, <c>top_p</c>, <c>metadata.user_id</c> as <c>user</c>; a stream asks for its usage. Thinking
/// blocks and <c>top_k</c>, which chat completions do not take, are left out; server tools and documents are refused.
/// </summary>
internal static class MessagesToChatRequest
{
    public static string? Write(JsonElement root, string model, Utf8JsonWriter writer)
    {
        if (!root.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
        {
            return "messages must be an array";
        }

        writer.WriteStartObject();
        writer.WriteString("model", model);
        writer.WriteStartArray("messages");
        if (TranslationJson.Has(root, "system", out var system))
        {
            writer.WriteStartObject();
            writer.WriteString("role", "system");
            WriteTextContent(system, writer);
            writer.WriteEndObject();
        }

        foreach (var message in messages.EnumerateArray())
        {
            var refusal = TranslationJson.String(message, "role") switch
            {
                "user" => WriteUser(message, writer),
                "assistant" => WriteAssistant(message, writer),
                var role => $"the message role '{role}' has no OpenAI counterpart",
            };
            if (refusal is not null)
            {
                return refusal;
            }
        }

        writer.WriteEndArray();
        TranslationJson.Copy(root, "max_tokens", writer, "max_completion_tokens");
        if (TranslationJson.Has(root, "stop_sequences", out var stops) && stops.ValueKind == JsonValueKind.Array && stops.GetArrayLength() > 0)
        {
            writer.WritePropertyName("stop");
            stops.WriteTo(writer);
        }

        TranslationJson.Copy(root, "temperature", writer, "temperature");
        TranslationJson.Copy(root, "top_p", writer, "top_p");
        if (TranslationJson.Has(root, "tools", out var tools) && tools.ValueKind == JsonValueKind.Array && tools.GetArrayLength() > 0
            && WriteTools(root, tools, writer) is { } toolRefusal)
        {
            return toolRefusal;
        }

        if (root.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object && TranslationJson.String(metadata, "user_id") is { Length: > 0 } user)
        {
            writer.WriteString("user", user);
        }

        if (TranslationJson.True(root, "stream"))
        {
            writer.WriteBoolean("stream", true);
            writer.WriteStartObject("stream_options");
            writer.WriteBoolean("include_usage", true);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        return null;
    }

    private static void WriteTextContent(JsonElement content, Utf8JsonWriter writer)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            writer.WriteString("content", content.GetString());
            return;
        }

        writer.WriteStartArray("content");
        foreach (var text in TextParts.Of(content))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "text");
            writer.WriteString("text", text);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static string? WriteUser(JsonElement message, Utf8JsonWriter writer)
    {
        message.TryGetProperty("content", out var content);
        if (content.ValueKind == JsonValueKind.String)
        {
            writer.WriteStartObject();
            writer.WriteString("role", "user");
            writer.WriteString("content", content.GetString());
            writer.WriteEndObject();
            return null;
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            return "a user message's content must be text or an array of blocks";
        }

        // Tool results answer the assistant's calls, so they come first, each as a tool message of its own.
        var others = 0;
        foreach (var block in content.EnumerateArray())
        {
            if (!TranslationJson.IsString(block, "type", "tool_result"))
            {
                others++;
                continue;
            }

            writer.WriteStartObject();
            writer.WriteString("role", "tool");
            writer.WriteString("tool_call_id", TranslationJson.String(block, "tool_use_id"));
            if (block.TryGetProperty("content", out var result) && result.ValueKind is JsonValueKind.String or JsonValueKind.Array)
            {
                WriteTextContent(result, writer);
            }
            else
            {
                writer.WriteString("content", string.Empty);
            }

            writer.WriteEndObject();
        }

        if (others == 0)
        {
            return null;
        }

        writer.WriteStartObject();
        writer.WriteString("role", "user");
        writer.WriteStartArray("content");
        foreach (var block in content.EnumerateArray())
        {
            switch (TranslationJson.String(block, "type"))
            {
                case "tool_result":
                    break;
                case "text":
                    writer.WriteStartObject();
                    writer.WriteString("type", "text");
                    writer.WriteString("text", TranslationJson.String(block, "text"));
                    writer.WriteEndObject();
                    break;
                case "image" when block.TryGetProperty("source", out var source):
                    var url = TranslationJson.IsString(source, "type", "base64")
                        ? "data:" + TranslationJson.String(source, "media_type") + ";base64," + TranslationJson.String(source, "data")
                        : TranslationJson.String(source, "url");
                    writer.WriteStartObject();
                    writer.WriteString("type", "image_url");
                    writer.WriteStartObject("image_url");
                    writer.WriteString("url", url);
                    writer.WriteEndObject();
                    writer.WriteEndObject();
                    break;
                case var type:
                    return $"the content block type '{type}' has no OpenAI chat counterpart";
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        return null;
    }

    private static string? WriteAssistant(JsonElement message, Utf8JsonWriter writer)
    {
        message.TryGetProperty("content", out var content);
        writer.WriteStartObject();
        writer.WriteString("role", "assistant");
        if (content.ValueKind == JsonValueKind.String)
        {
            writer.WriteString("content", content.GetString());
            writer.WriteEndObject();
            return null;
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            return "an assistant message's content must be text or an array of blocks";
        }

        var texts = 0;
        var calls = 0;
        foreach (var block in content.EnumerateArray())
        {
            texts += TranslationJson.IsString(block, "type", "text") ? 1 : 0;
            calls += TranslationJson.IsString(block, "type", "tool_use") ? 1 : 0;
        }

        if (texts == 0)
        {
            writer.WriteNull("content");
        }
        else
        {
            writer.WriteStartArray("content");
            foreach (var block in content.EnumerateArray())
            {
                if (TranslationJson.IsString(block, "type", "text"))
                {
                    writer.WriteStartObject();
                    writer.WriteString("type", "text");
                    writer.WriteString("text", TranslationJson.String(block, "text"));
                    writer.WriteEndObject();
                }
            }

            writer.WriteEndArray();
        }

        if (calls > 0)
        {
            writer.WriteStartArray("tool_calls");
            foreach (var block in content.EnumerateArray())
            {
                if (!TranslationJson.IsString(block, "type", "tool_use"))
                {
                    continue;
                }

                MessagesToChatAnswer.WriteToolCall(block, writer);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
        return null;
    }

    private static string? WriteTools(JsonElement root, JsonElement tools, Utf8JsonWriter writer)
    {
        writer.WriteStartArray("tools");
        foreach (var tool in tools.EnumerateArray())
        {
            if (TranslationJson.String(tool, "type") is { } type && type != "custom")
            {
                return $"the server tool '{type}' has no OpenAI chat counterpart";
            }

            writer.WriteStartObject();
            writer.WriteString("type", "function");
            writer.WriteStartObject("function");
            writer.WriteString("name", TranslationJson.String(tool, "name"));
            TranslationJson.Copy(tool, "description", writer, "description");
            TranslationJson.Copy(tool, "input_schema", writer, "parameters");
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        if (root.TryGetProperty("tool_choice", out var choice) && choice.ValueKind == JsonValueKind.Object)
        {
            switch (TranslationJson.String(choice, "type"))
            {
                case "any":
                    writer.WriteString("tool_choice", "required");
                    break;
                case "none":
                    writer.WriteString("tool_choice", "none");
                    break;
                case "tool":
                    writer.WriteStartObject("tool_choice");
                    writer.WriteString("type", "function");
                    writer.WriteStartObject("function");
                    writer.WriteString("name", TranslationJson.String(choice, "name"));
                    writer.WriteEndObject();
                    writer.WriteEndObject();
                    break;
                default:
                    writer.WriteString("tool_choice", "auto");
                    break;
            }

            if (TranslationJson.True(choice, "disable_parallel_tool_use"))
            {
                writer.WriteBoolean("parallel_tool_calls", false);
            }
        }

        return null;
    }
}
