namespace Tollgate.Core.Exchange;

public abstract partial class ExchangeContext
{
    /// <summary>
    /// The earlier request this one re-asks (<c>x-tollgate-attempt-of</c>), once the guard stage has found it among the
    /// caller's own; null for a first ask. Requests so linked are one task, named by the first one's id.
    /// </summary>
    public AttemptLink? AttemptOf { get; set; }

    /// <summary>
    /// The check of the answer against the JSON schema the request asked for (its <c>response_format</c>, or its
    /// feature's); null when there is none to check against.
    /// </summary>
    public IOutputCheck? OutputCheck { get; set; }

    /// <summary>
    /// Whether the answer met its JSON schema (<c>x-tollgate-valid</c>): known once settlement has judged it; null when
    /// there was no schema, or no complete answer to judge (an error, a cut stream).
    /// </summary>
    public bool? OutputValid { get; set; }

    /// <summary>Judges the answer recorded so far, once, into <see cref="OutputValid"/>; settlement calls it before it prices the row.</summary>
    public void ConcludeOutputCheck()
    {
        if (OutputCheck is { } check && OutputValid is null && Status is >= 200 and < 300 && ErrorType is null && !UsagePending)
        {
            OutputValid = check.Conclude();
        }
    }
}
