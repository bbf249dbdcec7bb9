using Microsoft.Data.Sqlite;
using Tollgate.Core.Ledger;
using Tollgate.Storage.Embedded.Ledger.Rollup;
using Tollgate.Storage.Embedded.Sqlite;

namespace Tollgate.Storage.Embedded.Ledger;

/// <summary>
/// The spend report and the spend timeline from the hourly rollup: its buckets for the whole hours of the period, the
/// rows of those hours above its watermark (committed since its last flush, found by their index), the rows for the part
/// hours at its edges (the row statements, bounded), and, for the usable outputs and the waste, the few rows of the
/// whole hours the rollup holds that have feedback or were re-asked since they settled. All in one read transaction.
/// </summary>
internal sealed partial class LedgerReader
{
    /// <summary>Whether the reports read the hourly rollup (true) or every row of the period (false), which gives the same figures (see <see cref="SqliteLedgerStore.ReadsRollup"/>).</summary>
    internal bool ReadsRollup { get; set; } = true;

    /// <summary>The groups of a spend report and its totals, read in the caller's transaction.</summary>
    private static (List<SpendRow> Rows, SpendTotals Totals) RollupSpend(SqlitePreparedConnection connection, SpendQuery query, LedgerRollupPeriod period)
    {
        var groups = RollupGroups(connection, query, period);
        var rows = new List<SpendRow>(groups.Count);
        var totals = default(SpendSums);
        foreach (var (key, sums) in groups)
        {
            rows.Add(LedgerSpendQuery.ToRow(key.Group, sums, query.GroupBy));
            totals += sums;
        }

        if (query.GroupBy == SpendGrouping.Lever)
        {
            // A request several levers acted on is in several groups: the totals count each request once.
            totals = default;
            foreach (var sums in RollupGroups(connection, new SpendQuery(SpendGrouping.Feature, query.From, query.To), period).Values)
            {
                totals += sums;
            }
        }

        return (rows, new SpendTotals(totals.Spend()));
    }

    private static Dictionary<LedgerRollupKey, SpendSums> RollupGroups(SqlitePreparedConnection connection, SpendQuery query, LedgerRollupPeriod period)
    {
        var watermark = Watermark(connection);
        var groups = new Dictionary<LedgerRollupKey, SpendSums>();
        foreach (var (_, group, sums) in Buckets(connection, query.GroupName, period))
        {
            Add(groups, group, sums);
        }

        if (query.GroupBy == SpendGrouping.Tag)
        {
            // The rows without the tag: all of them but those with a value for it.
            var rest = default(SpendSums);
            foreach (var (_, _, sums) in Buckets(connection, SpendGroupings.Name(SpendGrouping.Feature), period))
            {
                rest += sums;
            }

            foreach (var sums in groups.Values)
            {
                rest += -sums;
            }

            if (rest.Requests != 0)
            {
                Add(groups, null, rest);
            }
        }

        var wholeHours = query with { From = period.FirstHour, To = period.EndHour };
        var rowReads = new List<(string Sql, SpendQuery Query)> { (LedgerSpendQuery.Above(query.GroupBy, period.FirstHour.HasValue), wholeHours) };
        foreach (var (since, until) in period.Edges())
        {
            rowReads.Add((LedgerSpendQuery.For(query.GroupBy, hasSince: true), query with { From = since, To = until }));
        }

        foreach (var (sql, rowQuery) in rowReads)
        {
            using var reader = Bound(connection, sql, rowQuery, watermark).ExecuteReader();
            while (reader.Read())
            {
                Add(groups, reader.IsDBNull(0) ? null : reader.GetString(0), SpendSums.Read(reader, 1));
            }
        }

        var corrections = Bound(connection, LedgerSpendQuery.Corrections(query.GroupBy, period.FirstHour.HasValue), wholeHours, watermark);
        using (var reader = corrections.ExecuteReader())
        {
            while (reader.Read())
            {
                var wasted = Money(reader, 2) - Money(reader, 3);
                Add(groups, reader.IsDBNull(0) ? null : reader.GetString(0), new SpendSums { UsableOutputs = reader.GetInt64(1), Wasted = wasted });
            }
        }

        // A group whose rows were all rewritten into another holds no request: the rows would not show it.
        foreach (var (key, sums) in groups)
        {
            if (sums.Requests == 0)
            {
                groups.Remove(key);
            }
        }

        return groups;
    }

    /// <summary>The timeline's points from the rollup and the edges' rows, read in the caller's transaction.</summary>
    private static List<SpendTimelinePoint> RollupTimeline(SqlitePreparedConnection connection, SpendTimelineQuery query, LedgerRollupPeriod period)
    {
        // Buckets are UTC hours or days, as the rows' timestamps name them: a day is the hours that start with its date.
        var length = query.Bucket == TimeBucket.Hour ? 13 : 10;
        var buckets = new Dictionary<LedgerRollupKey, SpendSums>();
        foreach (var (bucket, group, sums) in Buckets(connection, SpendGroupings.Name(query.GroupBy), period, length))
        {
            Add(buckets, new LedgerRollupKey(string.Empty, bucket, group), sums);
        }

        foreach (var (sql, since, until) in RowRanges(period, LedgerPeriodQueries.Timeline(query.GroupBy, query.Bucket), LedgerPeriodQueries.Timeline(query.GroupBy, query.Bucket, above: true)))
        {
            using var reader = PeriodCommand(connection, sql, since, until, Watermark(connection)).ExecuteReader();
            while (reader.Read())
            {
                var sums = new SpendSums
                {
                    Requests = reader.GetInt64(2),
                    InputTokens = reader.IsDBNull(3) ? 0 : reader.GetInt64(3),
                    OutputTokens = reader.IsDBNull(4) ? 0 : reader.GetInt64(4),
                    Cost = Money(reader, 5),
                    Baseline = Money(reader, 6),
                    Unpriced = reader.GetInt64(7),
                };
                Add(buckets, new LedgerRollupKey(string.Empty, reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1)), sums);
            }
        }

        var points = new List<SpendTimelinePoint>(buckets.Count);
        foreach (var (key, sums) in buckets)
        {
            if (sums.Requests != 0)
            {
                points.Add(new SpendTimelinePoint
                {
                    Start = LedgerPeriodQueries.BucketStart(key.Hour, query.Bucket),
                    Group = key.Group,
                    Requests = sums.Requests,
                    InputTokens = sums.InputTokens,
                    OutputTokens = sums.OutputTokens,

                    // Money of a bucket none of whose requests is priced is unknown, not $0.
                    CostUsd = sums.Priced ? sums.Cost : null,
                    BaselineCostUsd = sums.Priced ? sums.Baseline : null,
                    UnpricedRequests = sums.Unpriced,
                });
            }
        }

        return points;
    }

    /// <summary>
    /// The token histogram from the rollup (grouping <see cref="LedgerRollupRow.TokensGrouping"/>, a bucket's lower edge
    /// its group), the rows above its watermark and the edges' rows; read in the caller's transaction.
    /// </summary>
    private static long[] RollupHistogram(SqlitePreparedConnection connection, LedgerRollupPeriod period)
    {
        var edges = TokenHistogram.Edges;
        var counts = new long[edges.Count];
        foreach (var (_, group, sums) in Buckets(connection, LedgerRollupRow.TokensGrouping, period))
        {
            // The groups are the edges this code bucketed by (a later change of edges fills the grouping again).
            var edge = long.Parse(group!, System.Globalization.CultureInfo.InvariantCulture);
            counts[LedgerRollupRow.TokenBucket(edge)] += sums.Requests;
        }

        var watermark = Watermark(connection);
        foreach (var (sql, since, until) in RowRanges(period, LedgerPeriodQueries.Histogram, LedgerPeriodQueries.HistogramAbove))
        {
            using var reader = PeriodCommand(connection, sql, since, until, watermark).ExecuteReader();
            while (reader.Read())
            {
                counts[reader.GetInt32(0)] += reader.GetInt64(1);
            }
        }

        return counts;
    }

    /// <summary>The row statements of a period split for the rollup: the rows above the watermark in its whole hours, then the edges' rows.</summary>
    private static IEnumerable<(string Sql, DateTimeOffset Since, DateTimeOffset Until)> RowRanges(LedgerRollupPeriod period, string rows, string rowsAbove)
    {
        yield return (rowsAbove, period.FirstHour ?? DateTimeOffset.MinValue, period.EndHour);
        foreach (var (since, until) in period.Edges())
        {
            yield return (rows, since, until);
        }
    }

    /// <summary>A period statement (<see cref="LedgerPeriodQueries"/>) bound to [<paramref name="since"/>, <paramref name="until"/>) and the watermark.</summary>
    private static SqliteCommand PeriodCommand(SqlitePreparedConnection connection, string sql, DateTimeOffset since, DateTimeOffset until, long watermark)
    {
        // A statement of the edges may have been prepared by the row scan, which declares no watermark (it names none).
        var command = connection.Command(sql, "$until", "$since", LedgerSpendQuery.WatermarkParameter);
        command.Parameters[0].Value = SqliteTimestamp.Format(until);
        command.Parameters[1].Value = SqliteTimestamp.Format(since);
        if (command.Parameters.Count > 2)
        {
            command.Parameters[2].Value = watermark;
        }

        return command;
    }

    /// <summary>Up to which commit sequence number the rollup holds the rows (read in the caller's transaction).</summary>
    private static long Watermark(SqlitePreparedConnection connection) =>
        Convert.ToInt64(connection.Command(WatermarkQuery).ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);

    private const string WatermarkQuery = "SELECT watermark FROM ledger_rollup_state WHERE id = 1;";

    /// <summary>
    /// The rollup's buckets of one grouping over the period's whole hours, summed per group, or per group and hour
    /// (<paramref name="prefix"/> 13) or day (10): the hour's (or day's) text, empty when summed per group alone.
    /// </summary>
    private static List<(string Hour, string? Group, SpendSums Sums)> Buckets(SqlitePreparedConnection connection, string grouping, LedgerRollupPeriod period, int prefix = 0)
    {
        var command = connection.Command(LedgerRollupTable.SelectBuckets(prefix), "$grouping", "$since", "$until");
        command.Parameters[0].Value = grouping;
        command.Parameters[1].Value = period.FirstHourText;
        command.Parameters[2].Value = period.EndHourText;
        var buckets = new List<(string, string?, SpendSums)>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            buckets.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), SpendSums.Read(reader, 2)));
        }

        return buckets;
    }

    private static void Add(Dictionary<LedgerRollupKey, SpendSums> groups, string? group, SpendSums sums) =>
        Add(groups, new LedgerRollupKey(string.Empty, string.Empty, group), sums);

    private static void Add(Dictionary<LedgerRollupKey, SpendSums> groups, LedgerRollupKey key, SpendSums sums)
    {
        ref var bucket = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(groups, key, out _);
        bucket += sums;
    }

    private static decimal Money(SqliteDataReader row, int ordinal) => row.IsDBNull(ordinal) ? 0m : SqliteMoney.Parse(row.GetString(ordinal));
}
