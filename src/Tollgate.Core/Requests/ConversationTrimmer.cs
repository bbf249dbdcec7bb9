using System.Text.Json;
using Tollgate.Core.Exchange;
using Tollgate.Core.Tokens;

namespace Tollgate.Core.Requests;

/// <summary>
/// Fits a request's prompt within an input token limit by dropping its oldest conversation turns: a turn is a user's
/// message with everything that follows it up to the next one (the answer, tool calls and their results), so a tool
/// call never loses its result. The system prompt (OpenAI <c>system</c> / <c>developer</c> messages, Anthropic's
/// <c>system</c>, the Responses API's <c>instructions</c>) and the last user turn are never dropped. The entries kept
/// travel byte for byte; only the array that held the dropped ones changes.
/// </summary>
public static class ConversationTrimmer
{
    /// <summary>
    /// Counts the prompt of <paramref name="body"/> and, when it is over <paramref name="maxTokens"/> and
    /// <paramref name="trim"/> is set, drops the oldest turns until it fits. The body has been validated at the edge.
    /// </summary>
    /// <param name="body">The request body as received.</param>
    /// <param name="operation">Chat completions, messages or responses; any other operation always fits.</param>
    /// <param name="model">The model whose tokenizer counts.</param>
    /// <param name="maxTokens">The most prompt tokens allowed.</param>
    /// <param name="trim">Whether turns may be dropped; otherwise only the count is made.</param>
    public static InputMeasure Fit(ReadOnlyMemory<byte> body, ExchangeOperation operation, string? model, long maxTokens, bool trim)
    {
        var responses = operation == ExchangeOperation.Responses;
        if (operation is not (ExchangeOperation.ChatCompletions or ExchangeOperation.Messages) && !responses)
        {
            return new InputMeasure(0, true, body, 0, 0);
        }

        var protocol = operation == ExchangeOperation.Messages ? WireProtocol.Anthropic : WireProtocol.OpenAI;
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        var counter = TokenCounter.Shared;
        var tokens = responses ? counter.EstimateResponsesInput(model, root) : counter.EstimateRequestInput(protocol, model, root);
        if (tokens <= maxTokens)
        {
            return new InputMeasure(tokens, true, body, 0, tokens);
        }

        var member = responses ? "input" : "messages";
        if (!trim || !root.TryGetProperty(member, out var entries) || entries.ValueKind != JsonValueKind.Array)
        {
            return new InputMeasure(tokens, false, body, 0, tokens);
        }

        var count = entries.GetArrayLength();
        var lastPrompt = -1;
        var kinds = new EntryKind[count];
        var index = 0;
        foreach (var entry in entries.EnumerateArray())
        {
            kinds[index] = KindOf(entry, protocol, responses);
            if (kinds[index] == EntryKind.Prompt)
            {
                lastPrompt = index;
            }

            index++;
        }

        // Whole turns, oldest first, until the rest fits: never the system prompt, never the last user turn.
        var drop = new bool[count];
        var left = tokens;
        var dropped = 0;
        index = 0;
        foreach (var entry in entries.EnumerateArray())
        {
            if (left <= maxTokens && kinds[index] == EntryKind.Prompt)
            {
                break;
            }

            if (index >= lastPrompt)
            {
                break;
            }

            if (kinds[index] != EntryKind.System)
            {
                drop[index] = true;
                dropped++;
                left -= responses ? counter.EstimateInputItem(model, entry) : counter.EstimateMessage(model, entry);
            }

            index++;
        }

        if (left > maxTokens || dropped == 0)
        {
            return new InputMeasure(tokens, false, body, 0, tokens);
        }

        return new InputMeasure(tokens, true, Without(body, member, drop), dropped, left);
    }

    private static EntryKind KindOf(JsonElement entry, WireProtocol protocol, bool responses)
    {
        if (entry.ValueKind != JsonValueKind.Object || !entry.TryGetProperty("role", out var role) || role.ValueKind != JsonValueKind.String)
        {
            return EntryKind.Other;
        }

        if (protocol == WireProtocol.OpenAI && (role.ValueEquals("system") || role.ValueEquals("developer")))
        {
            return EntryKind.System;
        }

        if (!role.ValueEquals("user"))
        {
            return EntryKind.Other;
        }

        // A Responses item of another type (a function call's output …) or an Anthropic message of tool results
        // continues the turn before it.
        if (responses && entry.TryGetProperty("type", out var type) && !type.ValueEquals("message"))
        {
            return EntryKind.Other;
        }

        return protocol == WireProtocol.Anthropic && HasToolResult(entry) ? EntryKind.Other : EntryKind.Prompt;
    }

    private static bool HasToolResult(JsonElement message)
    {
        if (!message.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        foreach (var block in content.EnumerateArray())
        {
            if (block.ValueKind == JsonValueKind.Object && block.TryGetProperty("type", out var type) && type.ValueEquals("tool_result"))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The body with the marked entries of the top-level array <paramref name="member"/> left out, each with the
    /// separator after it (the last entry is never dropped, so one always follows).
    /// </summary>
    private static ReadOnlyMemory<byte> Without(ReadOnlyMemory<byte> body, string member, bool[] drop)
    {
        var span = body.Span;
        var reader = new Utf8JsonReader(span, new JsonReaderOptions { MaxDepth = int.MaxValue });
        reader.Read();
        var starts = new int[drop.Length + 1];
        var found = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var matches = reader.ValueTextEquals(member);
            reader.Read();
            if (!matches || reader.TokenType != JsonTokenType.StartArray)
            {
                reader.Skip();
                continue;
            }

            // The last occurrence of a repeated member is the one the parser kept, so it is the one counted.
            found = true;
            var i = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (i < starts.Length)
                {
                    starts[i++] = (int)reader.TokenStartIndex;
                }

                reader.Skip();
            }
        }

        if (!found)
        {
            return body;
        }

        var output = new BodySplicer(span, span.Length);
        for (var i = 0; i < drop.Length; i++)
        {
            if (drop[i])
            {
                output.Drop(starts[i], starts[i + 1]);
            }
        }

        return output.Finish();
    }

    private enum EntryKind
    {
        Other,
        System,
        Prompt,
    }
}
