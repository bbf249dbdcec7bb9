namespace Tollgate.Core.Ledger;

/// <summary>
/// The whole period of a spend report, figured like a <see cref="SpendRow"/> over every request once (for the
/// <c>lever</c> grouping, where a request can count in several rows, the totals are not the rows' sum).
/// </summary>
public sealed record SpendTotals
{
    /// <summary>Settled requests in the period, priced or not.</summary>
    public long Requests { get; init; }

    /// <summary>All prompt tokens, cached and cache-write ones included.</summary>
    public long InputTokens { get; init; }

    /// <summary>Prompt tokens read from the provider's prompt cache.</summary>
    public long CachedInputTokens { get; init; }

    /// <summary>Prompt tokens written to the provider's prompt cache.</summary>
    public long CacheWriteTokens { get; init; }

    /// <summary>Completion tokens.</summary>
    public long OutputTokens { get; init; }

    /// <summary>What the priced requests cost, discounts applied; null when none is priced.</summary>
    public decimal? CostUsd { get; init; }

    /// <summary>What the priced requests would have cost with no lever and at list prices; null when none is priced.</summary>
    public decimal? BaselineCostUsd { get; init; }

    /// <summary>What Tollgate's levers saved on the priced requests: baseline − cost − discount; null when none is priced.</summary>
    public decimal? SavedUsd { get; init; }

    /// <summary>What the negotiated discount took off the baseline of the priced requests; null when none is priced.</summary>
    public decimal? DiscountUsd { get; init; }

    /// <summary>Requests whose cost is unknown, left out of the money.</summary>
    public long UnpricedRequests { get; init; }

    /// <summary>Whether every request is priced, so the money is the whole bill; false when any is unpriced.</summary>
    public bool Complete => UnpricedRequests == 0;
}
