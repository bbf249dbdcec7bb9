namespace Tollgate.Cli.Estimates;

/// <summary>The result of <c>tollgate estimate</c>: the workload, then one scenario per lever and all of them together.</summary>
internal sealed record EstimateReport
{
    public required string Model { get; init; }

    /// <summary>The model the cheaper-tier share goes to, when that share is above 0.</summary>
    public string? CheaperModel { get; init; }

    public required long RequestsPerDay { get; init; }

    public required long InputTokens { get; init; }

    public required long OutputTokens { get; init; }

    public required decimal CacheHitRate { get; init; }

    public required decimal CheaperTierShare { get; init; }

    public required decimal BatchShare { get; init; }

    public required decimal CachedPrefixShare { get; init; }

    /// <summary>Days a month is counted as.</summary>
    public required int DaysPerMonth { get; init; }

    /// <summary>Version of the pricing catalog the prices come from.</summary>
    public required string PricingVersion { get; init; }

    public required IReadOnlyList<EstimateScenario> Scenarios { get; init; }
}

/// <summary>One scenario's monthly cost and its saving against no levers at all.</summary>
/// <param name="Name">What is on.</param>
/// <param name="MonthlyCostUsd">Cost per month.</param>
/// <param name="SavedUsd">Saving per month against the first scenario.</param>
/// <param name="SavedShare">Saving ÷ the first scenario's cost, 0 to 1.</param>
internal sealed record EstimateScenario(string Name, decimal MonthlyCostUsd, decimal SavedUsd, decimal SavedShare);
