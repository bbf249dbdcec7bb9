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

    /// <summary>
    /// Outputs that count as usable: a request the application's feedback says was usable, and, without feedback, an
    /// answer of a generation route (chat completions, messages, responses) that succeeded, met the JSON schema it asked
    /// for (or asked for none) and was never re-asked (<c>x-tollgate-attempt-of</c>). The feedback's last word wins
    /// either way.
    /// </summary>
    public long UsableOutputs { get; init; }

    /// <summary>
    /// What the priced requests spent on nothing usable: the whole cost of a request that failed or whose output is not
    /// usable (feedback said so, or a generation's answer was invalid or re-asked), and the failed attempts (retries,
    /// fallbacks) before a usable answer; null when none is priced.
    /// </summary>
    public decimal? WastedUsd { get; init; }

    /// <summary>The cost of the priced requests per usable output (<see cref="CostUsd"/> ÷ <see cref="UsableOutputs"/>); null when none is usable or none is priced.</summary>
    public decimal? CostPerUsableOutputUsd => UsableOutputs > 0 && CostUsd is { } cost ? Math.Round(cost / UsableOutputs, 10) : null;

    /// <summary>The share of the cost spent on nothing usable (<see cref="WastedUsd"/> ÷ <see cref="CostUsd"/>), 0 to 1; null when nothing was spent.</summary>
    public decimal? WasteRate => CostUsd is { } cost && cost > 0m && WastedUsd is { } wasted ? Math.Round(wasted / cost, 6) : null;
}
