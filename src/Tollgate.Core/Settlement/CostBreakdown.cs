using Tollgate.Core.Exchange;
using Tollgate.Core.Ledger;
using Tollgate.Core.Pricing;

namespace Tollgate.Core.Settlement;

/// <summary>
/// What one answer cost, what it would have cost with no lever applied (the baseline), and what each lever saved
/// in between. Every step prices the same tokens and changes one thing, so the savings add up exactly to
/// baseline − cost:
/// <code>
///   baseline    requested model, list prices,       every prompt token at the input price, standard rates
///   discounted  requested model, discounted prices, every prompt token at the input price, standard rates   discount     = baseline − discounted
///   routed      routed model,    discounted prices, every prompt token at the input price, standard rates   routing      = discounted − routed
///   degraded    served model,    discounted prices, every prompt token at the input price, standard rates   degrade      = routed − degraded
///   cached      served model,    discounted prices, cached and cache-write prices,         standard rates   prompt cache = degraded − cached
///   cost        served model,    discounted prices, cached and cache-write prices,         batch if billed  batch        = cached − cost
/// </code>
/// The routed model is the one the request would have been served with had no budget degraded it (the model it names,
/// or its feature's pinned one); without a degrade it is the served model, and the degrade step saves nothing.
/// Built-in tool calls billed per call add their price to every step: at the requested model's list price in the
/// baseline, its discounted price in the discounted step, the served model's discounted price after that; no lever
/// changes how many calls were made.
/// The negotiated discount comes first, so every lever's saving is in the money actually paid; it is no Tollgate
/// lever, and is never the <see cref="LargestLever"/>. A step that changes nothing saves nothing and is left out;
/// one that costs more (a cache write is billed above the input price) is kept as a negative saving, so the sum
/// stays exact.
/// </summary>
internal readonly record struct CostBreakdown(decimal? CostUsd, decimal? BaselineCostUsd, IReadOnlyList<LeverSaving> Savings)
{
    /// <summary>Nothing billed, nothing saved: free operations and calls no provider billed.</summary>
    public static CostBreakdown Free => new(0m, 0m, []);

    /// <summary>
    /// The lever with the largest positive saving (the first of equals in step order), or null when none saved
    /// anything: what the single <see cref="LedgerEntry.Lever"/> column reports. The discount is not a lever.
    /// </summary>
    public string? LargestLever
    {
        get
        {
            LeverSaving? largest = null;
            foreach (var saving in Savings)
            {
                if (saving.SavedUsd > 0m && saving.Lever != Levers.Discount && (largest is null || saving.SavedUsd > largest.SavedUsd))
                {
                    largest = saving;
                }
            }

            return largest?.Lever;
        }
    }

    /// <summary>
    /// An answer from a provider: <paramref name="served"/> billed <paramref name="usage"/>, at batch rates when
    /// <paramref name="batch"/> is set, for a request that named <paramref name="requested"/>.
    /// </summary>
    /// <param name="requested">Price of the requested model; null when unknown.</param>
    /// <param name="served">Price of the model that served; null when unknown.</param>
    /// <param name="usage">Tokens of the answer.</param>
    /// <param name="batch">Whether the provider billed the call at its Batch API rates.</param>
    /// <param name="cacheLever">Lever credited with cached-token savings: <c>prompt-cache</c> or <c>provider-cache</c>.</param>
    /// <param name="requestedTools">The answer's built-in tool calls priced as if the requested model had made them.</param>
    /// <param name="servedTools">The answer's built-in tool calls as the served model's provider bills them.</param>
    /// <param name="degradedFrom">
    /// Price of the model a budget degraded the request from (<see cref="RouteDecision.FromModel"/>); null when none did,
    /// or when that model is unpriced (its step is then left out, as an unpriced requested model's is).
    /// </param>
    /// <param name="degradedFromTools">The answer's built-in tool calls as <paramref name="degradedFrom"/>'s provider bills them.</param>
    public static CostBreakdown ForCall(
        ModelPrice? requested,
        ModelPrice? served,
        TokenUsage usage,
        bool batch,
        string cacheLever,
        ToolCallCharge requestedTools = default,
        ToolCallCharge servedTools = default,
        ModelPrice? degradedFrom = null,
        ToolCallCharge degradedFromTools = default)
    {
        if (served is null)
        {
            // Unknown cost: a baseline beside it would read as a saving of the whole baseline.
            return new(null, null, []);
        }

        // A requested model without a price (a deployment name, an alias the catalog lacks) leaves the model step
        // unmeasured: the baseline starts at the served model, and no routing saving is invented.
        var routedPrice = degradedFrom ?? served;
        var routedTools = degradedFrom is null ? servedTools : degradedFromTools;
        var baselinePrice = requested ?? routedPrice;
        var baselineTools = requested is null ? routedTools : requestedTools;
        var uncached = Uncached(usage);
        var baseline = baselinePrice.ListCost(uncached) + baselineTools.ListUsd;
        var discounted = baselinePrice.Cost(uncached) + baselineTools.CostUsd;
        var routed = routedPrice.Cost(uncached) + routedTools.CostUsd;
        var degraded = served.Cost(uncached) + servedTools.CostUsd;
        var cached = served.Cost(usage) + servedTools.CostUsd;
        var cost = (batch ? served.Cost(usage, batch: true) : served.Cost(usage)) + servedTools.CostUsd;
        return new(cost, baseline, NonZero(
            (Levers.Discount, baseline - discounted),
            (Levers.Routing, discounted - routed),
            (Levers.Degrade, routed - degraded),
            (cacheLever, degraded - cached),
            (Levers.Batch, cached - cost)));
    }

    /// <summary>
    /// An answer no provider was asked for (a cache hit, a coalesced waiter): it costs nothing, and
    /// <paramref name="lever"/> saved the whole discounted baseline, the requested model on the answer's tokens.
    /// </summary>
    /// <param name="requested">Price of the requested model; null when unknown.</param>
    /// <param name="served">Price of the model that made the stored answer, used when the requested one is unknown.</param>
    /// <param name="usage">Tokens of the answer given.</param>
    /// <param name="lever">The lever that answered.</param>
    public static CostBreakdown ForAnswerWithoutCall(ModelPrice? requested, ModelPrice? served, TokenUsage usage, string lever)
    {
        if ((requested ?? served) is not { } price)
        {
            return new(0m, null, []);
        }

        var uncached = Uncached(usage);
        var baseline = price.ListCost(uncached);
        var discounted = price.Cost(uncached);
        return new(0m, baseline, NonZero((Levers.Discount, baseline - discounted), (lever, discounted)));
    }

    private static TokenUsage Uncached(TokenUsage usage) => usage with { CachedInputTokens = 0, CacheWriteTokens = 0, CacheWrite1hTokens = 0 };

    /// <summary>The savings that are not zero, in step order; no allocation when there are none.</summary>
    private static LeverSaving[] NonZero(params ReadOnlySpan<(string Lever, decimal SavedUsd)> steps)
    {
        var count = 0;
        foreach (var step in steps)
        {
            count += step.SavedUsd != 0m ? 1 : 0;
        }

        if (count == 0)
        {
            return [];
        }

        var savings = new LeverSaving[count];
        var next = 0;
        foreach (var step in steps)
        {
            if (step.SavedUsd != 0m)
            {
                savings[next++] = new LeverSaving(step.Lever, step.SavedUsd);
            }
        }

        return savings;
    }
}
