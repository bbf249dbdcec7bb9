namespace Tollgate.Core.Ledger;

/// <summary>
/// The spend report of <c>/admin/spend</c>: the grouping, the period, one row per group and the totals. Later
/// figures (usable outputs …) are added, like the cache hits, to <see cref="SpendFigures"/>, so rows and totals carry them alike.
/// </summary>
public sealed record SpendReport
{
    /// <summary>The grouping's name (<see cref="SpendGroupings"/>).</summary>
    public required string GroupBy { get; init; }

    /// <summary>The first arrival time counted; null when the report starts with the ledger.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>The end of the period, not included.</summary>
    public required DateTimeOffset To { get; init; }

    /// <summary>One row per group: largest cost first (for <c>lever</c>, largest saving first); groups without a priced request, and the null group of <c>lever</c>, last.</summary>
    public required IReadOnlyList<SpendRow> Rows { get; init; }

    /// <summary>The whole period.</summary>
    public required SpendTotals Totals { get; init; }
}
