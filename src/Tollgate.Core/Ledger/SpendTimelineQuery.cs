namespace Tollgate.Core.Ledger;

/// <summary>
/// What a spend timeline covers: settled rows whose request arrived in [<paramref name="From"/>, <paramref name="To"/>),
/// summed per time bucket and per group.
/// </summary>
/// <param name="GroupBy">How the rows of a bucket are grouped: <see cref="SpendGrouping.Feature"/>, <see cref="SpendGrouping.Model"/>,
/// <see cref="SpendGrouping.User"/>, <see cref="SpendGrouping.Team"/> or <see cref="SpendGrouping.Key"/>.</param>
/// <param name="Bucket">The width of a bucket.</param>
/// <param name="From">The first arrival time counted.</param>
/// <param name="To">The end of the period, not included.</param>
public sealed record SpendTimelineQuery(SpendGrouping GroupBy, TimeBucket Bucket, DateTimeOffset From, DateTimeOffset To)
{
    /// <summary>Whether a timeline can be grouped that way: by one of the ledger's own columns (not by lever or tag).</summary>
    public static bool CanGroupBy(SpendGrouping grouping) => grouping is SpendGrouping.Feature or SpendGrouping.Model or SpendGrouping.User or SpendGrouping.Team or SpendGrouping.Key;
}
