using Tollgate.Storage.Embedded.Sqlite;

namespace Tollgate.Storage.Embedded.Ledger.Rollup;

/// <summary>The statements of the <c>ledger_rollup</c> table (schema steps 15 and 17).</summary>
internal static class LedgerRollupTable
{
    private const string Add = SqliteMoney.AddFunction;

    /// <summary>
    /// Adds a bucket's sums to what the table holds for it (a new bucket starts at them); 17 positional parameters. An
    /// amount of 0 (most savings and waste) leaves the sum as it is without calling the C# addition, the commit's
    /// costliest part. The peak (schema step 17; money text, or 0) is the larger of the two, as SQLite casts the cost
    /// text of a row to REAL: the costliest requests are ordered by that same cast.
    /// </summary>
    public static readonly string Upsert =
        "INSERT INTO ledger_rollup (grouping, hour, named, spend_group, requests, input_tokens, cached_input_tokens, cache_write_tokens, " +
        "output_tokens, cost_usd, baseline_usd, saved_usd, unpriced, hits, usable, wasted_usd, peak_cost) " +
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, CAST(?17 AS REAL)) " +
        "ON CONFLICT (grouping, hour, named, spend_group) DO UPDATE SET requests = requests + excluded.requests, " +
        "input_tokens = input_tokens + excluded.input_tokens, cached_input_tokens = cached_input_tokens + excluded.cached_input_tokens, " +
        "cache_write_tokens = cache_write_tokens + excluded.cache_write_tokens, output_tokens = output_tokens + excluded.output_tokens, " +
        $"cost_usd = {Sum("cost_usd")}, baseline_usd = {Sum("baseline_usd")}, saved_usd = {Sum("saved_usd")}, " +
        "unpriced = unpriced + excluded.unpriced, hits = hits + excluded.hits, usable = usable + excluded.usable, " +
        $"wasted_usd = {Sum("wasted_usd")}, peak_cost = max(peak_cost, excluded.peak_cost);";

    /// <summary>
    /// One grouping's buckets of the whole hours [<c>$since</c>, <c>$until</c>) (hours as text), summed in SQL per group
    /// (<paramref name="prefix"/> 0) or per group and the first <paramref name="prefix"/> characters of the hour (13 an
    /// hour, 10 a day): the hour's prefix ('' for none), the group (NULL for the null group), then the twelve sums in
    /// <see cref="SpendSums.Read"/>'s order, money summed exactly. Buckets whose rows were all taken back (a row
    /// rewritten under another group) hold no request and are left out. Summing in SQL returns a row per group rather
    /// than per hour and group: 30 days of 20 features are 20 rows read, not 14,400.
    /// </summary>
    public static string SelectBuckets(int prefix) => prefix switch
    {
        0 => BucketsByGroup,
        10 => BucketsByDay,
        13 => BucketsByHour,
        _ => throw new ArgumentOutOfRangeException(nameof(prefix), prefix, "An hour's prefix is 0, 10 (its day) or 13 (the hour)."),
    };

    private static readonly string BucketsByGroup = Buckets("''");
    private static readonly string BucketsByDay = Buckets("substr(hour, 1, 10)");
    private static readonly string BucketsByHour = Buckets("hour");

    private static string Buckets(string period) =>
        $"SELECT {period} AS period, CASE WHEN named = 1 THEN spend_group END, SUM(requests), SUM(input_tokens), SUM(cached_input_tokens), " +
        $"SUM(cache_write_tokens), SUM(output_tokens), {SumOf}(cost_usd), {SumOf}(baseline_usd), {SumOf}(saved_usd), SUM(unpriced), SUM(hits), " +
        $"SUM(usable), {SumOf}(wasted_usd) FROM ledger_rollup WHERE grouping = $grouping AND hour >= $since AND hour < $until AND requests <> 0 " +
        "GROUP BY period, named, spend_group;";

    private const string SumOf = SqliteMoney.SumFunction;

    // The bucket's amount plus the batch's; the batch's is written by SqliteMoney.ToText, so a zero is the text "0".
    private static string Sum(string column) =>
        $"CASE WHEN excluded.{column} = '0' THEN {column} ELSE {Add}({column}, excluded.{column}) END";
}
