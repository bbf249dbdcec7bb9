namespace Tollgate.Core.Ledger;

/// <summary>One group of the spend report. Unknown costs count as nothing in the sums.</summary>
public sealed record SpendRow(
    string? Group,
    long Requests,
    long InputTokens,
    long CachedInputTokens,
    long OutputTokens,
    decimal CostUsd,
    decimal BaselineCostUsd,
    decimal SavedUsd);
