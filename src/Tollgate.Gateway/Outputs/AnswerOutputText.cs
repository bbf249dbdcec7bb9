using System.Text;
using System.Text.Json;
using Tollgate.Core.Exchange;

namespace Tollgate.Gateway.Outputs;

/// <summary>
/// The text of a whole answer that a JSON Schema judges: the first choice's <c>message.content</c> (Chat Completions),
/// the text blocks of a message (Anthropic), the <c>output_text</c> parts of the Responses API's message items. An
/// answer that calls a tool instead has no output to judge yet; one that refuses, or says nothing, has an output that
/// meets no schema.
/// </summary>
internal static class AnswerOutputText
{
    /// <summary>False when the answer has no output to judge yet (a tool call, a response still queued); otherwise true, with its text (null when it has none).</summary>
    public static bool TryRead(JsonElement body, ExchangeOperation operation, out string? text)
    {
        text = null;
        if (body.ValueKind != JsonValueKind.Object)
        {
            return true;
        }

        return operation switch
        {
            ExchangeOperation.ChatCompletions => Chat(body, out text),
            ExchangeOperation.Messages => Joined(body, "content", "text", "tool_use", out text),
            _ => Responses(body, out text),
        };
    }

    private static bool Chat(JsonElement body, out string? text)
    {
        text = null;
        if (!body.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array || choices.GetArrayLength() == 0
            || !choices[0].TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.Object)
        {
            return true;
        }

        if (message.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String)
        {
            text = content.GetString();
            return true;
        }

        return !(message.TryGetProperty("tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array && calls.GetArrayLength() > 0);
    }

    private static bool Responses(JsonElement body, out string? text)
    {
        text = null;

        // A background response answered queued (or still in progress) has no output yet: its verdict is not known.
        if (body.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.String
            && (status.ValueEquals("queued"u8) || status.ValueEquals("in_progress"u8)))
        {
            return false;
        }

        if (!body.TryGetProperty("output", out var output) || output.ValueKind != JsonValueKind.Array)
        {
            return true;
        }

        var builder = new StringBuilder();
        var calls = false;
        foreach (var item in output.EnumerateArray())
        {
            var type = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            if (type == "message")
            {
                Append(item, "content", "output_text", builder);
            }
            else if (type == "function_call" || type == "custom_tool_call")
            {
                calls = true;
            }
        }

        text = builder.Length > 0 ? builder.ToString() : null;
        return text is not null || !calls;
    }

    private static bool Joined(JsonElement body, string listName, string textType, string callType, out string? text)
    {
        var builder = new StringBuilder();
        var calls = Append(body, listName, textType, builder, callType);
        text = builder.Length > 0 ? builder.ToString() : null;
        return text is not null || !calls;
    }

    /// <summary>Appends the <c>text</c> of every part of <paramref name="textType"/> in the list; returns whether a part of <paramref name="callType"/> is among them.</summary>
    private static bool Append(JsonElement parent, string listName, string textType, StringBuilder builder, string? callType = null)
    {
        var calls = false;
        if (!parent.TryGetProperty(listName, out var parts) || parts.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        foreach (var part in parts.EnumerateArray())
        {
            if (part.ValueKind != JsonValueKind.Object || !part.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
            {
                continue;
            }

            if (type.ValueEquals(textType) && part.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String)
            {
                builder.Append(text.GetString());
            }
            else if (callType is not null && type.ValueEquals(callType))
            {
                calls = true;
            }
        }

        return calls;
    }
}
