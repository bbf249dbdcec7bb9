namespace Tollgate.Core.Feedback;

/// <summary>
/// Where the applications' feedback on outputs lives, one record per request: the last word wins. The spend report
/// reads it beside the ledger (<c>usable_outputs</c>, <c>waste_rate</c>), so an implementation keeps it where the
/// ledger's spend query can join it. Implementations must be safe for concurrent use.
/// </summary>
public interface IFeedbackStore
{
    /// <summary>
    /// Records that <paramref name="requestId"/>'s output was (or was not) usable, replacing any earlier word on it
    /// (its first time kept), and returns the record as stored. Durable once the task completes.
    /// </summary>
    /// <param name="requestId">The request the feedback is about; the caller has checked that it exists.</param>
    /// <param name="usable">Whether its output was usable.</param>
    /// <param name="keyName">The virtual key giving the feedback; null for a loopback caller served without a key.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    ValueTask<OutputFeedback> RecordAsync(string requestId, bool usable, string? keyName, CancellationToken cancellationToken = default);

    /// <summary>The feedback on <paramref name="requestId"/>, or null when none was given.</summary>
    ValueTask<OutputFeedback?> GetAsync(string requestId, CancellationToken cancellationToken = default);
}
