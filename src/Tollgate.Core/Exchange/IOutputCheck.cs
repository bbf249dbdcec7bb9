namespace Tollgate.Core.Exchange;

/// <summary>
/// Checks an exchange's answer against the JSON schema the request asked for. The same check serves two callers: the
/// settlement, which judges the answer as it was written to the client (<see cref="Conclude"/>, for the ledger's
/// <c>valid</c> and <c>x-tollgate-valid</c>), and a caller holding a whole answer before it is written, which asks
/// <see cref="Judge"/> (a call stage deciding whether to ask again).
/// </summary>
public interface IOutputCheck
{
    /// <summary>Whether the answer the exchange was written met the schema; null when no complete answer was seen.</summary>
    bool? Conclude();

    /// <summary>Whether <paramref name="answer"/>, a whole answer or a complete event stream in the protocol of the exchange's operation, meets the schema; null when it cannot be judged (not an answer of that operation, cut short).</summary>
    /// <param name="answer">The answer's bytes as the provider sent them.</param>
    /// <param name="isEventStream">Whether they are an event stream.</param>
    bool? Judge(ReadOnlySpan<byte> answer, bool isEventStream);
}
