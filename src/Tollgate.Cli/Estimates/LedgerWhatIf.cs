using Tollgate.Core.Exchange;
using Tollgate.Core.Ledger;
using Tollgate.Core.Pricing;

namespace Tollgate.Cli.Estimates;

/// <summary>
/// Re-prices a period of the ledger (its spend report by model) under what-if policies, scaled to a month. What the
/// ledger's aggregates allow, and the assumptions that fill the rest:
/// <list type="bullet">
/// <item>another model: every token of the period at that model's prices, its cached and cache-write tokens included;
/// requests answered from a cache stay free (their share of each model's requests is taken off);</item>
/// <item>another cache hit rate: the calls paid scale from (1 − recorded rate) to (1 − new rate), so the requests
/// are assumed to cost alike whether or not they hit;</item>
/// <item>batching a share: that share of each model's calls at its Batch API prices (the ledger does not know which
/// requests could wait, so the share is the user's).</item>
/// </list>
/// </summary>
internal sealed class LedgerWhatIf(SpendReport byModel, int days, PricingCatalog pricing)
{
    private readonly decimal _month = (decimal)WorkloadEstimate.DaysPerMonth / days;

    /// <summary>The share of requests answered without a call.</summary>
    public decimal HitRate => byModel.Totals.Requests > 0 ? Math.Round((decimal)byModel.Totals.Hits / byModel.Totals.Requests, 4) : 0m;

    /// <summary>Models of the period the catalog cannot price.</summary>
    public IReadOnlyList<string> UnpricedModels =>
        [.. byModel.Rows.Where(r => r.Group is null || pricing.Find(r.Group) is null).Select(r => r.Group ?? "(none)")];

    /// <summary>As recorded, without Tollgate, then each what-if given and, with more than one, all of them.</summary>
    public IReadOnlyList<EstimateScenario> Scenarios(ModelPrice? model, decimal? cacheHitRate, decimal batchShare)
    {
        var recorded = (byModel.Totals.CostUsd ?? 0m) * _month;
        var scenarios = new List<(string Name, decimal Cost)>
        {
            ("without Tollgate (recorded baseline)", (byModel.Totals.BaselineCostUsd ?? 0m) * _month),
            ("as recorded", recorded),
        };
        var whatIfs = 0;
        if (model is not null)
        {
            scenarios.Add(($"all on {model.Model}", Reprice(model, 0m) * _month));
            whatIfs++;
        }

        if (cacheHitRate is { } rate)
        {
            scenarios.Add(($"cache hit rate {WorkloadEstimate.Percent(rate)} (recorded {WorkloadEstimate.Percent(HitRate)})", recorded * HitScale(rate)));
            whatIfs++;
        }

        if (batchShare > 0)
        {
            scenarios.Add(($"batch {WorkloadEstimate.Percent(batchShare)} of calls", Batched(batchShare) * _month));
            whatIfs++;
        }

        if (whatIfs > 1)
        {
            var combined = model is not null ? Reprice(model, batchShare) : Batched(batchShare);
            scenarios.Add(("all what-ifs", combined * _month * (cacheHitRate is { } r ? HitScale(r) : 1m)));
        }

        var reference = scenarios[1].Cost;
        return [.. scenarios.Select(s => new EstimateScenario(s.Name, WorkloadEstimate.Round(s.Cost), WorkloadEstimate.Round(reference - s.Cost), reference > 0 ? Math.Round((reference - s.Cost) / reference, 4) : 0m))];
    }

    private decimal HitScale(decimal rate) => HitRate >= 1m ? 0m : (1 - rate) / (1 - HitRate);

    /// <summary>The period's priced models' tokens at <paramref name="model"/>'s prices, <paramref name="batchShare"/> of the calls batched.</summary>
    private decimal Reprice(ModelPrice model, decimal batchShare)
    {
        var total = 0m;
        foreach (var row in byModel.Rows.Where(r => r.Group is not null && pricing.Find(r.Group) is not null && r.Requests > 0))
        {
            var usage = new TokenUsage(row.InputTokens, row.CachedInputTokens, row.CacheWriteTokens, row.OutputTokens);
            var calls = (decimal)(row.Requests - row.Hits) / row.Requests;
            total += calls * (((1 - batchShare) * model.Cost(usage)) + (batchShare * model.Cost(usage, batch: true)));
        }

        return total;
    }

    /// <summary>The period's cost with <paramref name="share"/> of each model's calls at its batch prices.</summary>
    private decimal Batched(decimal share)
    {
        var total = 0m;
        foreach (var row in byModel.Rows)
        {
            var cost = row.CostUsd ?? 0m;
            if (row.Group is not null && pricing.Find(row.Group) is { } price)
            {
                var usage = new TokenUsage(row.InputTokens, row.CachedInputTokens, row.CacheWriteTokens, row.OutputTokens);
                var normal = price.Cost(usage);
                total += normal > 0 ? cost * ((1 - share) + (share * price.Cost(usage, batch: true) / normal)) : cost;
            }
            else
            {
                total += cost;
            }
        }

        return total;
    }
}
