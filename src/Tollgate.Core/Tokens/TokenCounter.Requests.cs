using System.Text.Json;
using Tollgate.Core.Exchange;

namespace Tollgate.Core.Tokens;

/// <summary>The request half of the counter: a request body's prompt, estimated before the call, for each protocol.</summary>
public sealed partial class TokenCounter
{
    /// <summary>
    /// Estimates the prompt tokens of a chat request body (OpenAI <c>messages</c>, Anthropic
    /// <c>system</c> + <c>messages</c>, and tool definitions), before the call is made.
    /// </summary>
    public long EstimateRequestInput(WireProtocol protocol, string? model, JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return 0;
        }

        long total = ReplyPriming;
        if (protocol == WireProtocol.Anthropic && body.TryGetProperty("system", out var system))
        {
            total += CountContent(model, system);
        }

        if (body.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Array)
        {
            foreach (var message in messages.EnumerateArray())
            {
                total += EstimateMessage(model, message);
            }
        }

        if (body.TryGetProperty("tools", out var tools) && tools.ValueKind == JsonValueKind.Array)
        {
            total += CountText(model, tools.GetRawText());
        }

        if (body.TryGetProperty("input", out var input))
        {
            // Embeddings: a string, an array of strings, or token arrays.
            total += CountContent(model, input);
        }

        return total;
    }

    /// <summary>
    /// Estimates the prompt tokens of a Responses API request body: <c>instructions</c>, <c>input</c> (a string, or
    /// items: messages by their role and content, function calls by name and arguments, function-call outputs by their output,
    /// any other item as its JSON text) and the tool definitions, before the call is made. State the provider keeps
    /// (<c>previous_response_id</c>, a <c>conversation</c>) is not in the body and not counted.
    /// </summary>
    public long EstimateResponsesInput(string? model, JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return 0;
        }

        long total = ReplyPriming;
        if (body.TryGetProperty("instructions", out var instructions) && instructions.ValueKind == JsonValueKind.String)
        {
            total += PerMessageOverhead + CountString(model, instructions);
        }

        if (body.TryGetProperty("input", out var input))
        {
            if (input.ValueKind == JsonValueKind.String)
            {
                total += PerMessageOverhead + CountString(model, input);
            }
            else if (input.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in input.EnumerateArray())
                {
                    total += EstimateInputItem(model, item);
                }
            }
        }

        if (body.TryGetProperty("tools", out var tools) && tools.ValueKind == JsonValueKind.Array)
        {
            total += CountText(model, tools.GetRawText());
        }

        return total;
    }

    /// <summary>
    /// Estimates the tokens one entry of a chat request's <c>messages</c> adds to the prompt (OpenAI or Anthropic), its
    /// per-message overhead included: what dropping it from the request saves.
    /// </summary>
    public long EstimateMessage(string? model, JsonElement message)
    {
        long total = PerMessageOverhead;
        if (message.ValueKind != JsonValueKind.Object)
        {
            return total;
        }

        foreach (var property in message.EnumerateObject())
        {
            total += property.NameEquals("content") || property.NameEquals("tool_calls")
                ? CountContent(model, property.Value)
                : property.Value.ValueKind == JsonValueKind.String ? CountString(model, property.Value) : 0;
            if (property.NameEquals("name"))
            {
                total += PerNameOverhead;
            }
        }

        return total;
    }

    /// <summary>Estimates the tokens one item of a Responses API <c>input</c> array adds to the prompt, its overhead included.</summary>
    public long EstimateInputItem(string? model, JsonElement item) => PerMessageOverhead + CountInputItem(model, item);

    /// <summary>Counts the text inside a content value: a string, an array of parts, or any JSON (counted as raw text).</summary>
    public long CountContent(string? model, JsonElement content)
    {
        switch (content.ValueKind)
        {
            case JsonValueKind.String:
                return CountString(model, content);
            case JsonValueKind.Array:
                long sum = 0;
                foreach (var part in content.EnumerateArray())
                {
                    if (part.ValueKind == JsonValueKind.Number)
                    {
                        sum++; // a pre-tokenised input
                    }
                    else if (part.ValueKind == JsonValueKind.Object && part.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String)
                    {
                        sum += CountString(model, text);
                    }
                    else
                    {
                        sum += CountContent(model, part);
                    }
                }

                return sum;
            case JsonValueKind.Object:
                return CountText(model, content.GetRawText());
            default:
                return 0;
        }
    }

    /// <summary>One item of a Responses API <c>input</c> array.</summary>
    private long CountInputItem(string? model, JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            return CountContent(model, item);
        }

        var type = item.TryGetProperty("type", out var typeValue) && typeValue.ValueKind == JsonValueKind.String ? typeValue.GetString() : "message";
        switch (type)
        {
            case "message":
                return StringProperty(model, item, "role") + (item.TryGetProperty("content", out var content) ? CountContent(model, content) : 0);
            case "function_call":
                return StringProperty(model, item, "name") + StringProperty(model, item, "arguments");
            case "function_call_output":
                return item.TryGetProperty("output", out var output) ? CountContent(model, output) : 0;
            default:
                return CountText(model, item.GetRawText());
        }
    }

    private int StringProperty(string? model, JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? CountString(model, value) : 0;
}
