namespace Tollgate.Cli.Replay;

/// <summary>The result of <c>tollgate replay</c>, printed as a table or, with <c>--format json</c>, as this document.</summary>
internal sealed record ReplaySummary
{
    /// <summary>The run's id: every request carried the tag <c>replay=&lt;id&gt;</c>.</summary>
    public required string RunId { get; init; }

    /// <summary><c>built-in</c> for the replay's own gateway, else the address given.</summary>
    public required string Gateway { get; init; }

    public required string File { get; init; }

    /// <summary>Lines sent.</summary>
    public required long Requests { get; init; }

    /// <summary>Lines skipped because they were malformed (each named on standard error).</summary>
    public required long MalformedLines { get; init; }

    public required long Succeeded { get; init; }

    public required long Errors { get; init; }

    /// <summary>Failed requests by error type (the error body's <c>type</c>, <c>http_NNN</c>, <c>connection</c>, <c>timeout</c>).</summary>
    public required IReadOnlyDictionary<string, long> ErrorsByType { get; init; }

    /// <summary>Answers by <c>x-tollgate-cache</c>.</summary>
    public required IReadOnlyDictionary<string, long> Cache { get; init; }

    public required double DurationSeconds { get; init; }

    /// <summary>What the run cost through Tollgate: the ledger's cost of its requests (null when none is priced).</summary>
    public decimal? CostUsd { get; init; }

    /// <summary>What it would have cost without Tollgate: the ledger's baseline of its requests.</summary>
    public decimal? BaselineCostUsd { get; init; }

    /// <summary>What Tollgate's levers saved (baseline − cost − negotiated discount).</summary>
    public decimal? SavedUsd { get; init; }

    /// <summary>Saved ÷ baseline, 0 to 1.</summary>
    public decimal? SavedShare { get; init; }

    /// <summary>Requests of the run whose cost the ledger does not know (left out of the money).</summary>
    public long UnpricedRequests { get; init; }

    /// <summary>Savings by lever, largest first, summed from the ledger rows of the run's requests.</summary>
    public required IReadOnlyList<ReplayLeverSaving> SavingsByLever { get; init; }

    /// <summary>Client-side latency of the answered requests.</summary>
    public required ReplayLatency LatencyMs { get; init; }

    /// <summary>The wrong-answer check, when the workload is labelled; null otherwise.</summary>
    public ReplayLabelCheck? Labels { get; init; }
}

/// <summary>What one lever saved over the run.</summary>
internal sealed record ReplayLeverSaving(string Lever, long Requests, decimal SavedUsd);

/// <summary>Latency percentiles (nearest rank), in milliseconds; null when nothing was answered.</summary>
internal sealed record ReplayLatency(double? P50, double? P95, double? P99, double? Max);

/// <summary>
/// The wrong-answer check of a labelled workload. The simulated provider's answer is a function of the prompt, so an
/// answer's text names the prompt it was made for. Every answer made by a call of its own (cache <c>miss</c> or
/// <c>bypass</c>) is remembered with its line's label; an answer served without a call (<c>hit</c>,
/// <c>semantic-hit</c>, <c>coalesced</c>) is wrong when no line of its own label had that answer made for it, and
/// unverified when it was made outside this run (a cache filled before), carries no text, or reads like answers made for
/// its label and for others too (short answers of different prompts can).
/// </summary>
internal sealed record ReplayLabelCheck(long Labelled, long ReusedChecked, long WrongAnswers, long Unverified)
{
    /// <summary>Wrong answers ÷ reused answers checked.</summary>
    public decimal? WrongAnswerRate => ReusedChecked > 0 ? Math.Round((decimal)WrongAnswers / ReusedChecked, 6) : null;
}
