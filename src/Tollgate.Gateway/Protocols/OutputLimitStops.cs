namespace Tollgate.Gateway.Protocols;

/// <summary>
/// How each protocol says an answer stopped because it reached its output limit: Chat Completions'
/// <c>finish_reason: "length"</c>, Messages' <c>stop_reason: "max_tokens"</c>, and a Responses API answer with
/// <c>status: "incomplete"</c> and <c>incomplete_details.reason: "max_output_tokens"</c>. The relay marks a row whose
/// answer a gateway limit cut by these (<see cref="ResponseReader"/>), and the response cache refuses to store such an
/// answer by the same names (<c>Answers/AnswerForms.Inspect</c>).
/// </summary>
internal static class OutputLimitStops
{
    /// <summary>Chat Completions: a choice's <c>finish_reason</c> when its output limit stopped it.</summary>
    public const string ChatFinishReason = "length";

    /// <summary>Messages: the <c>stop_reason</c> when the output limit stopped the message.</summary>
    public const string MessagesStopReason = "max_tokens";

    /// <summary>Responses API: the <c>incomplete_details.reason</c> of a response its output limit left incomplete.</summary>
    public const string ResponsesIncompleteReason = "max_output_tokens";

    /// <summary>Whether <paramref name="json"/> (a compact or spaced JSON object) holds <c>"finish_reason": "length"</c> somewhere: a cheap look at a chat stream chunk before parsing it.</summary>
    public static bool MentionsChatLengthStop(ReadOnlySpan<byte> json)
    {
        ReadOnlySpan<byte> key = "\"finish_reason\""u8;
        while (json.IndexOf(key) is var at and >= 0)
        {
            json = json[(at + key.Length)..];
            var value = json.TrimStart(" \t\r\n:"u8);
            if (value.StartsWith("\"length\""u8))
            {
                return true;
            }
        }

        return false;
    }
}
