using Tollgate.Core.Exchange;
using Tollgate.Core.Pricing;

namespace Tollgate.Cli.Estimates;

/// <summary>
/// A month of a steady workload, priced from the pricing catalog: every request alike (input and output tokens), a share
/// answered from the response cache at no cost, a share routed to a cheaper model, a share sent through the Batch API at
/// its prices, and a share of each prompt read from the provider's prompt cache at the cached-input price (cache writes,
/// which a steady workload pays rarely, are left out). The levers multiply: a routed request can be batched and have a
/// cached prefix; a cached answer costs nothing whatever the rest.
/// </summary>
internal sealed record WorkloadEstimate(
    ModelPrice Model,
    ModelPrice? CheaperModel,
    long RequestsPerDay,
    long InputTokens,
    long OutputTokens,
    decimal CacheHitRate,
    decimal CheaperTierShare,
    decimal BatchShare,
    decimal CachedPrefixShare)
{
    public const int DaysPerMonth = 30;

    /// <summary>No levers, each lever alone (those given a share above 0), then all of them.</summary>
    public IReadOnlyList<EstimateScenario> Scenarios()
    {
        var requests = (decimal)RequestsPerDay * DaysPerMonth;
        var plain = Call(Model, cachedPrefix: false, batch: false);
        var scenarios = new List<(string, decimal)> { ("no levers", requests * plain) };
        if (CacheHitRate > 0)
        {
            scenarios.Add(($"response cache ({Percent(CacheHitRate)} hits)", requests * (1 - CacheHitRate) * plain));
        }

        if (CheaperTierShare > 0 && CheaperModel is { } cheaper)
        {
            scenarios.Add(($"model routing ({Percent(CheaperTierShare)} to {cheaper.Model})", requests * (((1 - CheaperTierShare) * plain) + (CheaperTierShare * Call(cheaper, false, false)))));
        }

        if (CachedPrefixShare > 0)
        {
            scenarios.Add(($"prompt caching ({Percent(CachedPrefixShare)} of input cached)", requests * Call(Model, cachedPrefix: true, batch: false)));
        }

        if (BatchShare > 0)
        {
            scenarios.Add(($"batch ({Percent(BatchShare)} batched)", requests * (((1 - BatchShare) * plain) + (BatchShare * Call(Model, false, batch: true)))));
        }

        if (scenarios.Count > 2)
        {
            var routedShare = CheaperModel is null ? 0m : CheaperTierShare;
            var perCall = ((1 - routedShare) * Leveraged(Model)) + (CheaperModel is { } routed ? routedShare * Leveraged(routed) : 0m);
            scenarios.Add(("all levers", requests * (1 - CacheHitRate) * perCall));
        }

        var baseline = scenarios[0].Item2;
        return [.. scenarios.Select(s => new EstimateScenario(s.Item1, Round(s.Item2), Round(baseline - s.Item2), baseline > 0 ? Math.Round((baseline - s.Item2) / baseline, 4) : 0m))];
    }

    /// <summary>One call's cost at <paramref name="price"/> with the prompt-cache and batch shares applied.</summary>
    private decimal Leveraged(ModelPrice price) =>
        ((1 - BatchShare) * Call(price, CachedPrefixShare > 0, false)) + (BatchShare * Call(price, CachedPrefixShare > 0, true));

    private decimal Call(ModelPrice price, bool cachedPrefix, bool batch)
    {
        var cached = cachedPrefix ? (long)Math.Round(InputTokens * CachedPrefixShare) : 0;
        return price.Cost(new TokenUsage(InputTokens, cached, 0, OutputTokens), batch);
    }

    internal static decimal Round(decimal usd) => Math.Round(usd, 6);

    internal static string Percent(decimal share) => (share * 100).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + " %";
}
