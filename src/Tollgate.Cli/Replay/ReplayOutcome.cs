namespace Tollgate.Cli.Replay;

/// <summary>What happened to one replayed request, as the client saw it.</summary>
/// <param name="LineNumber">Its line in the workload file.</param>
/// <param name="Status">The HTTP status; 0 when no answer came (a connection failure, a timeout).</param>
/// <param name="LatencyMs">Milliseconds from sending to the answer's last byte, measured here.</param>
internal sealed record ReplayOutcome(int LineNumber, int Status, double LatencyMs)
{
    /// <summary><c>x-tollgate-request-id</c>, the key to its ledger row.</summary>
    public string? RequestId { get; init; }

    /// <summary><c>x-tollgate-cache</c>: <c>hit</c>, <c>semantic-hit</c>, <c>coalesced</c>, <c>miss</c> or <c>bypass</c>.</summary>
    public string? CacheStatus { get; init; }

    /// <summary>The answer's text (whole answers only), for the wrong-answer check.</summary>
    public string? AnswerText { get; init; }

    /// <summary>The line's label, when it has one.</summary>
    public string? Label { get; init; }

    /// <summary>What failed: the error body's <c>type</c>, <c>http_NNN</c>, or <c>connection</c>.</summary>
    public string? ErrorType { get; init; }

    /// <summary>Whether an answer came back with a success status.</summary>
    public bool Succeeded => Status is >= 200 and < 300;

    /// <summary>Whether the answer was served without a call of its own (from a cache or a joined call).</summary>
    public bool Reused => CacheStatus is "hit" or "semantic-hit" or "coalesced";
}
