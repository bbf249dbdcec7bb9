using System.Globalization;
using System.Text;
using Tollgate.Core.Ledger;

namespace Tollgate.Storage.Embedded.Ledger;

/// <summary>
/// The dashboard's reads of a period as SQL: the spend timeline and the token histogram over a range of the timestamp
/// index (the part hours at a period's edges, or every row when the rollup is not read), or over the rows above the
/// rollup's watermark; and the costliest requests, chosen along the timestamp index or as each hour's costliest along
/// the index by hour and cost, then read whole by their primary key.
/// </summary>
internal static class LedgerPeriodQueries
{
    private const string Sum = Sqlite.SqliteMoney.SumFunction;

    private const string InPeriod = $"{LedgerSpendQuery.Settled} AND l.timestamp >= $since";

    // The rows above the rollup's watermark, found by their index (see LedgerSpendQuery.Above).
    private const string Above = $" AND l.commit_seq > {LedgerSpendQuery.WatermarkParameter}";
    private const string AboveFrom = "ledger l INDEXED BY ledger_commit_seq";

    // Timeline statements by grouping and bucket, built once so each stays prepared.
    private static readonly Dictionary<(SpendGrouping, TimeBucket), string> Timelines = BuildTimelines(above: false);
    private static readonly Dictionary<(SpendGrouping, TimeBucket), string> TimelinesAbove = BuildTimelines(above: true);

    /// <summary>The histogram: a bucket number per <see cref="TokenHistogram.Edges"/>, with its count of requests.</summary>
    public static readonly string Histogram = BuildHistogram(above: false);

    /// <summary>As <see cref="Histogram"/>, over the rows above the rollup's watermark alone.</summary>
    public static readonly string HistogramAbove = BuildHistogram(above: true);

    /// <summary>
    /// The costliest priced rows of the period, dearest first (the REAL cast orders the money text by value), then by
    /// tokens used and request id, chosen along the timestamp index, which carries all it needs to choose them (an
    /// index-only scan). Rows with an unknown cost are not among them. Only the chosen rows are read whole.
    /// </summary>
    public static readonly string Costliest =
        $"SELECT {LedgerTable.SelectColumns} FROM ledger l WHERE l.request_id IN (SELECT l.request_id FROM ledger l INDEXED BY ledger_timestamp " +
        $"WHERE l.cost_usd IS NOT NULL AND {InPeriod} ORDER BY {CostliestOrder} LIMIT $limit);";

    private const string CostliestOrder = "CAST(l.cost_usd AS REAL) DESC, l.input_tokens + l.output_tokens DESC, l.request_id";

    /// <summary>
    /// The request ids and costs (as REAL) of the costliest priced rows of a range of the timestamp index, at most
    /// <c>$limit</c>, none cheaper than <c>$floor</c> (an index-only scan, as <see cref="Costliest"/>'s choice).
    /// </summary>
    public static readonly string CostliestIn =
        $"SELECT l.request_id, CAST(l.cost_usd AS REAL) FROM ledger l INDEXED BY ledger_timestamp WHERE l.cost_usd IS NOT NULL AND {InPeriod} " +
        $"AND CAST(l.cost_usd AS REAL) >= $floor ORDER BY {CostliestOrder} LIMIT $limit;";

    /// <summary>As <see cref="CostliestIn"/>, over the rows above the rollup's watermark alone.</summary>
    public static readonly string CostliestAbove =
        $"SELECT l.request_id, CAST(l.cost_usd AS REAL) FROM {AboveFrom} WHERE l.cost_usd IS NOT NULL AND {InPeriod}{Above} " +
        $"AND CAST(l.cost_usd AS REAL) >= $floor ORDER BY {CostliestOrder} LIMIT $limit;";

    /// <summary>The rows of the request ids in the JSON array <c>$ids</c>, whole, the <c>$limit</c> costliest of them in <see cref="Costliest"/>'s order.</summary>
    public static readonly string CostliestOf =
        $"SELECT {LedgerTable.SelectColumns} FROM ledger l WHERE l.request_id IN (SELECT value FROM json_each($ids)) ORDER BY {CostliestOrder} LIMIT $limit;";

    /// <summary>
    /// The minutes of [<c>$since</c>, <c>$until</c>) (minutes as text) the rollup holds rows of, each with the largest
    /// cost of a row it holds or more, dearest first.
    /// </summary>
    public static readonly string MinutePeaks =
        $"SELECT hour, peak_cost FROM ledger_rollup WHERE grouping = '{Rollup.LedgerRollupRow.MinuteGrouping}' " +
        "AND hour >= $since AND hour < $until ORDER BY peak_cost DESC;";

    /// <summary>The timeline statement of <paramref name="grouping"/> and <paramref name="bucket"/>; <paramref name="above"/>: over the rows above the rollup's watermark alone.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The grouping is not one of the ledger's own columns.</exception>
    public static string Timeline(SpendGrouping grouping, TimeBucket bucket, bool above = false) =>
        (above ? TimelinesAbove : Timelines).TryGetValue((grouping, bucket), out var sql)
            ? sql
            : throw new ArgumentOutOfRangeException(nameof(grouping), grouping, "A spend timeline groups by feature, model, user, team or key.");

    /// <summary>The start of the bucket a timeline statement returned as text (<c>2026-12-01T13</c> or <c>2026-12-01</c>).</summary>
    public static DateTimeOffset BucketStart(string text, TimeBucket bucket) =>
        DateTimeOffset.ParseExact(
            bucket == TimeBucket.Hour ? text + ":00:00Z" : text + "T00:00:00Z",
            "yyyy'-'MM'-'dd'T'HH':'mm':'ss'Z'",
            CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static Dictionary<(SpendGrouping, TimeBucket), string> BuildTimelines(bool above)
    {
        var (from, clause) = above ? (AboveFrom, Above) : ("ledger l", string.Empty);
        var statements = new Dictionary<(SpendGrouping, TimeBucket), string>();
        foreach (var grouping in Enum.GetValues<SpendGrouping>())
        {
            if (!SpendTimelineQuery.CanGroupBy(grouping))
            {
                continue;
            }

            foreach (var bucket in Enum.GetValues<TimeBucket>())
            {
                // The timestamp is fixed-width ISO-8601 text: its first 13 characters name the hour, its first 10 the day.
                var length = bucket == TimeBucket.Hour ? 13 : 10;
                statements[(grouping, bucket)] =
                    $"SELECT substr(l.timestamp, 1, {length}) AS bucket, {LedgerSpendQuery.GroupColumn(grouping)} AS spend_group, COUNT(*), " +
                    $"SUM(l.input_tokens), SUM(l.output_tokens), {Sum}(l.cost_usd), " +
                    $"{Sum}(CASE WHEN l.cost_usd IS NULL THEN NULL ELSE COALESCE(l.baseline_cost_usd, l.cost_usd) END), SUM(l.cost_usd IS NULL) " +
                    $"FROM {from} WHERE {InPeriod}{clause} GROUP BY bucket, spend_group;";
            }
        }

        return statements;
    }

    private static string BuildHistogram(bool above)
    {
        var cases = new StringBuilder("CASE");
        var edges = TokenHistogram.Edges;
        for (var i = 1; i < edges.Count; i++)
        {
            cases.Append(CultureInfo.InvariantCulture, $" WHEN t < {edges[i]} THEN {i - 1}");
        }

        cases.Append(CultureInfo.InvariantCulture, $" ELSE {edges.Count - 1} END");
        var (from, clause) = above ? (AboveFrom, Above) : ("ledger l", string.Empty);
        return $"SELECT {cases} AS bucket, COUNT(*) FROM (SELECT l.input_tokens + l.output_tokens AS t FROM {from} WHERE {InPeriod}{clause}) GROUP BY bucket;";
    }
}
