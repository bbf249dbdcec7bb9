namespace Tollgate.Core.Ledger;

/// <summary>
/// Spend over time: one <see cref="SpendTimelinePoint"/> per time bucket and group that has settled requests (empty
/// buckets are left out), earliest bucket first and, within a bucket, largest cost first.
/// </summary>
public sealed record SpendTimeline
{
    /// <summary>The grouping, as <c>group_by</c> names it.</summary>
    public required string GroupBy { get; init; }

    /// <summary>The bucket width: <c>hour</c> or <c>day</c>.</summary>
    public required string Bucket { get; init; }

    /// <summary>The first arrival time counted.</summary>
    public required DateTimeOffset From { get; init; }

    /// <summary>The end of the period, not included.</summary>
    public required DateTimeOffset To { get; init; }

    /// <summary>The buckets' figures.</summary>
    public required IReadOnlyList<SpendTimelinePoint> Points { get; init; }
}
