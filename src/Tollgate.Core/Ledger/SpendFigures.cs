namespace Tollgate.Core.Ledger;

/// <summary>
/// The figures of a spend report, alike for a group (<see cref="SpendRow"/>) and for the whole period
/// (<see cref="SpendTotals"/>). Money is summed over the priced requests only: a request whose cost is unknown (a model
/// without a price, a call interrupted before its usage was known) is counted in <see cref="UnpricedRequests"/> and
/// never as $0. When no request is priced, the money is null.
/// </summary>
public record SpendFigures
{
    /// <summary>Settled requests, priced or not.</summary>
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

    /// <summary>
    /// What Tollgate's levers saved on the priced requests: baseline − cost − discount (in a row of the <c>lever</c>
    /// grouping, what that row's lever saved). Never includes the negotiated discount; null when none is priced.
    /// </summary>
    public decimal? SavedUsd { get; init; }

    /// <summary>What the negotiated discount took off the baseline of the priced requests; null when none is priced.</summary>
    public decimal? DiscountUsd { get; init; }

    /// <summary>Requests whose cost is unknown, left out of the money.</summary>
    public long UnpricedRequests { get; init; }

    /// <summary>
    /// Requests answered without an upstream call: from the exact or the semantic cache, or by joining an identical
    /// call in flight (cache status <c>hit</c>, <c>semantic-hit</c> or <c>coalesced</c>). Written after the other
    /// figures, so that readers taking them by position keep working.
    /// </summary>
    public long Hits { get; init; }
}
