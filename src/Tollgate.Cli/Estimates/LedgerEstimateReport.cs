namespace Tollgate.Cli.Estimates;

/// <summary>
/// The result of <c>tollgate estimate --from-ledger</c>: the last days of the ledger, by model, re-priced under what-if
/// policies and scaled to a month.
/// </summary>
internal sealed record LedgerEstimateReport
{
    public required int Days { get; init; }

    public required DateTimeOffset From { get; init; }

    public required DateTimeOffset To { get; init; }

    public required long Requests { get; init; }

    /// <summary>Requests answered without a call (exact, semantic, coalesced) in the period, ÷ requests.</summary>
    public required decimal RecordedCacheHitRate { get; init; }

    /// <summary>Requests whose cost the ledger does not know, left out of every figure.</summary>
    public required long UnpricedRequests { get; init; }

    /// <summary>Models the ledger recorded whose price the catalog does not know (left out of the what-if model's re-pricing too).</summary>
    public required IReadOnlyList<string> UnpricedModels { get; init; }

    public required string PricingVersion { get; init; }

    public required IReadOnlyList<EstimateScenario> Scenarios { get; init; }
}
