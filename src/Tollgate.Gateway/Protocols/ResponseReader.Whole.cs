using Tollgate.Core.Exchange;

namespace Tollgate.Gateway.Protocols;

/// <summary>Whole answers, read by the operation they answer: the relay's, and the call stage's of an answer it asks again for.</summary>
internal static partial class ResponseReader
{
    /// <summary>
    /// Reads a whole answer to <paramref name="operation"/> written in <paramref name="protocol"/>: a Responses API object
    /// (<see cref="TryReadResponses"/>), or any other provider body (<see cref="TryRead"/>). Returns whether it is an
    /// answer of the Responses API, whose own status and error then describe it.
    /// </summary>
    public static bool ReadWhole(ReadOnlySpan<byte> body, WireProtocol protocol, ExchangeOperation operation, ref ResponseFacts facts)
    {
        var responses = protocol == WireProtocol.OpenAI && IsResponsesAnswer(operation);
        if (responses)
        {
            TryReadResponses(body, ref facts);
        }
        else
        {
            TryRead(body, protocol, ref facts);
        }

        return responses;
    }

    /// <summary>
    /// Whether the answer to <paramref name="operation"/> is a Responses API object or event stream (the create and the
    /// retrieval of a response); its other routes answer lists and small objects, read as any OpenAI body.
    /// </summary>
    public static bool IsResponsesAnswer(ExchangeOperation operation) =>
        operation is ExchangeOperation.Responses or ExchangeOperation.ResponsesRetrieve or ExchangeOperation.ResponsesCancel;
}
