using System.Globalization;
using System.Text;
using Tollgate.Core.Ledger;

namespace Tollgate.Storage.Embedded.Ledger;

/// <summary>
/// The dashboard's reads of a period as SQL: the spend timeline, the token histogram and the costliest requests, each
/// from a range of the <c>ledger_period</c> index alone (it carries every column they need, in time order); the
/// costliest rows, chosen there, are then read whole by their primary key.
/// </summary>
internal static class LedgerPeriodQueries
{
    private const string Sum = Sqlite.SqliteMoney.SumFunction;

    private const string InPeriod = $"{LedgerSpendQuery.Settled} AND l.timestamp >= $since";

    // Timeline statements by grouping and bucket, built once so each stays prepared.
    private static readonly Dictionary<(SpendGrouping, TimeBucket), string> Timelines = BuildTimelines();

    /// <summary>The histogram: a bucket number per <see cref="TokenHistogram.Edges"/>, with its count of requests.</summary>
    public static readonly string Histogram = BuildHistogram();

    /// <summary>
    /// The costliest priced rows of the period, dearest first (the REAL cast orders the money text by value), then by
    /// tokens used and request id. Rows with an unknown cost are not among them. They are chosen from the index, and
    /// only they are read whole: selecting every column of every row of the period would look each one up.
    /// </summary>
    public static readonly string Costliest =
        $"SELECT {LedgerTable.SelectColumns} FROM ledger l WHERE l.request_id IN (SELECT l.request_id FROM ledger l " +
        $"WHERE l.cost_usd IS NOT NULL AND {InPeriod} ORDER BY CAST(l.cost_usd AS REAL) DESC, l.input_tokens + l.output_tokens DESC, l.request_id LIMIT $limit);";

    /// <summary>The timeline statement of <paramref name="grouping"/> and <paramref name="bucket"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The grouping is not one of the ledger's own columns.</exception>
    public static string Timeline(SpendGrouping grouping, TimeBucket bucket) =>
        Timelines.TryGetValue((grouping, bucket), out var sql)
            ? sql
            : throw new ArgumentOutOfRangeException(nameof(grouping), grouping, "A spend timeline groups by feature, model, user, team or key.");

    /// <summary>The start of the bucket a timeline statement returned as text (<c>2026-12-01T13</c> or <c>2026-12-01</c>).</summary>
    public static DateTimeOffset BucketStart(string text, TimeBucket bucket) =>
        DateTimeOffset.ParseExact(
            bucket == TimeBucket.Hour ? text + ":00:00Z" : text + "T00:00:00Z",
            "yyyy'-'MM'-'dd'T'HH':'mm':'ss'Z'",
            CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static Dictionary<(SpendGrouping, TimeBucket), string> BuildTimelines()
    {
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
                    $"FROM ledger l WHERE {InPeriod} GROUP BY bucket, spend_group;";
            }
        }

        return statements;
    }

    private static string BuildHistogram()
    {
        var cases = new StringBuilder("CASE");
        var edges = TokenHistogram.Edges;
        for (var i = 1; i < edges.Count; i++)
        {
            cases.Append(CultureInfo.InvariantCulture, $" WHEN t < {edges[i]} THEN {i - 1}");
        }

        cases.Append(CultureInfo.InvariantCulture, $" ELSE {edges.Count - 1} END");
        return $"SELECT {cases} AS bucket, COUNT(*) FROM (SELECT l.input_tokens + l.output_tokens AS t FROM ledger l WHERE {InPeriod}) GROUP BY bucket;";
    }
}
