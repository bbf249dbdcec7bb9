using Microsoft.Extensions.Options;
using Tollgate.Core.Pricing;
using Tollgate.Gateway.Protocols;

namespace Tollgate.Gateway.Resilience;

/// <summary>
/// The checks of <c>Fallbacks</c>, each feature's <c>Fallbacks</c> and <c>Resilience</c>, beside
/// <see cref="Hosting.GatewayOptionsValidator"/> (at start, on every reload and for a change through <c>/admin/config</c>):
/// every model of a chain is one the pricing catalog prices (a fallback is held against the budgets at its own price),
/// no chain names its own model or a model twice, and the chains do not loop (A falls back to B, B to A).
/// </summary>
internal sealed class FallbackSettingsValidator : IValidateOptions<GatewayOptions>
{
    private const double MaxSeconds = 86_400;
    private readonly PricingCatalog _pricing;

    public FallbackSettingsValidator(PricingCatalog pricing) => _pricing = pricing;

    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string>? failures = null;
        CheckChains("Fallbacks", options.Fallbacks, ref failures);
        foreach (var (feature, settings) in options.Features ?? [])
        {
            if (settings?.Fallbacks is { } chains)
            {
                CheckChains($"Features:{feature}:Fallbacks", chains, ref failures);
            }
        }

        CheckResilience(options.Resilience, ref failures);
        return failures is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private void CheckChains(string section, Dictionary<string, List<string>>? chains, ref List<string>? failures)
    {
        if (chains is null)
        {
            return;
        }

        foreach (var (model, chain) in chains)
        {
            var key = $"{section}:{model}";
            var seen = new HashSet<string>(StringComparer.Ordinal) { model };
            for (var i = 0; i < (chain?.Count ?? 0); i++)
            {
                var fallback = chain![i];
                if (string.IsNullOrWhiteSpace(fallback) || !RequestReader.IsPrintableAscii(fallback))
                {
                    (failures ??= []).Add($"{key}:{i} must name a model in printable ASCII characters, e.g. gpt-4o-mini; it is '{fallback}'.");
                }
                else if (string.Equals(fallback, model, StringComparison.Ordinal))
                {
                    (failures ??= []).Add($"{key}:{i} names '{model}' itself: a model cannot fall back to itself.");
                }
                else if (!seen.Add(fallback))
                {
                    (failures ??= []).Add($"{key}:{i} names '{fallback}' a second time.");
                }
                else if (_pricing.Find(fallback) is null)
                {
                    (failures ??= []).Add($"{key}:{i} names '{fallback}', which the pricing catalog does not price; a fallback is held against the budgets at its own price, so name a priced model or add it to the PricingFile.");
                }
            }

            if (FindCycle(chains, model) is { } cycle)
            {
                (failures ??= []).Add($"{key} makes a cycle: {cycle}. A fallback chain must end.");
            }
        }
    }

    /// <summary>A loop through <paramref name="start"/> in the graph of the chains ("a → b → a"), or null when there is none.</summary>
    private static string? FindCycle(Dictionary<string, List<string>> chains, string start)
    {
        var path = new List<string> { start };
        return Walk(chains, start, start, path, new HashSet<string>(StringComparer.Ordinal));
    }

    private static string? Walk(Dictionary<string, List<string>> chains, string start, string model, List<string> path, HashSet<string> visited)
    {
        if (!visited.Add(model) || !chains.TryGetValue(model, out var next) || next is null)
        {
            return null;
        }

        foreach (var fallback in next)
        {
            if (string.Equals(fallback, model, StringComparison.Ordinal))
            {
                continue; // reported as a model that falls back to itself
            }

            path.Add(fallback);
            if (string.Equals(fallback, start, StringComparison.Ordinal))
            {
                return string.Join(" → ", path);
            }

            if (Walk(chains, start, fallback, path, visited) is { } cycle)
            {
                return cycle;
            }

            path.RemoveAt(path.Count - 1);
        }

        return null;
    }

    private static void CheckResilience(ResilienceOptions? resilience, ref List<string>? failures)
    {
        if (resilience is null)
        {
            (failures ??= []).Add("Resilience must be a section.");
            return;
        }

        if (resilience.MaxRetries is < 0 or > 10)
        {
            (failures ??= []).Add($"Resilience:MaxRetries must be from 0 to 10; it is {resilience.MaxRetries}.");
        }

        CheckRange("Resilience:BaseDelayMs", resilience.BaseDelayMs, 1, MaxSeconds * 1000, ref failures);
        CheckRange("Resilience:MaxDelaySeconds", resilience.MaxDelaySeconds, 0.001, MaxSeconds, ref failures);
        CheckRange("Resilience:RetryBudgetSeconds", resilience.RetryBudgetSeconds, 0, MaxSeconds, ref failures);
        var timeouts = resilience.Timeouts ?? new AttemptTimeoutOptions();
        CheckRange("Resilience:Timeouts:InteractiveSeconds", timeouts.InteractiveSeconds, 0.001, MaxSeconds, ref failures);
        CheckRange("Resilience:Timeouts:DeferredSeconds", timeouts.DeferredSeconds, 0.001, MaxSeconds, ref failures);
        CheckRange("Resilience:Timeouts:BatchSeconds", timeouts.BatchSeconds, 0.001, MaxSeconds, ref failures);
        var breaker = resilience.CircuitBreaker ?? new CircuitBreakerOptions();
        if (!(breaker.FailureRatio > 0 && breaker.FailureRatio <= 1))
        {
            (failures ??= []).Add($"Resilience:CircuitBreaker:FailureRatio must be above 0 and at most 1; it is {breaker.FailureRatio}.");
        }

        if (breaker.MinimumThroughput < 2)
        {
            (failures ??= []).Add($"Resilience:CircuitBreaker:MinimumThroughput must be at least 2; it is {breaker.MinimumThroughput}.");
        }

        CheckRange("Resilience:CircuitBreaker:SamplingSeconds", breaker.SamplingSeconds, 0.5, MaxSeconds, ref failures);
        CheckRange("Resilience:CircuitBreaker:BreakSeconds", breaker.BreakSeconds, 0.5, MaxSeconds, ref failures);
    }

    private static void CheckRange(string key, double value, double min, double max, ref List<string>? failures)
    {
        // Written as "not (in range)" so that NaN, which fails every comparison, is out of range too.
        if (!(value >= min && value <= max))
        {
            (failures ??= []).Add($"{key} must be from {min} to {max}; it is {value}.");
        }
    }
}
