namespace Tollgate.Core.Ledger;

/// <summary>What one group spent in one time bucket of a <see cref="SpendTimeline"/>.</summary>
public sealed record SpendTimelinePoint
{
    /// <summary>The start of the bucket (UTC, on the hour or at midnight).</summary>
    public required DateTimeOffset Start { get; init; }

    /// <summary>The group's value (a feature, a model …); null for requests without one.</summary>
    public string? Group { get; init; }

    /// <summary>Settled requests of the group in the bucket.</summary>
    public long Requests { get; init; }

    /// <summary>Input tokens billed.</summary>
    public long InputTokens { get; init; }

    /// <summary>Output tokens billed.</summary>
    public long OutputTokens { get; init; }

    /// <summary>What was paid; null when no request of the group in the bucket has a known cost.</summary>
    public decimal? CostUsd { get; init; }

    /// <summary>What the priced requests would have cost with no lever; null as <see cref="CostUsd"/> is.</summary>
    public decimal? BaselineCostUsd { get; init; }

    /// <summary>Requests whose cost is unknown (their model has no price): counted here, never as $0.</summary>
    public long UnpricedRequests { get; init; }
}
