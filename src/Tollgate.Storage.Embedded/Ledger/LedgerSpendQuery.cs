using Microsoft.Data.Sqlite;
using Tollgate.Core.Exchange;
using Tollgate.Core.Ledger;
using Tollgate.Storage.Embedded.Sqlite;

namespace Tollgate.Storage.Embedded.Ledger;

/// <summary>
/// The spend report as SQL: GROUP BY in SQLite, money summed exactly by <see cref="SqliteMoney.SumFunction"/>.
/// Pending rows are left out. A row with an unknown cost counts as a request and in <c>unpriced_requests</c>, and
/// none of its money counts (not even a baseline it may have: beside an unknown cost it would read as a saving);
/// a priced row without a baseline counts its cost as its baseline. Each statement returns, per group: the group,
/// requests, input, cached input, cache-write and output tokens, cost, baseline, a saving, the unpriced count, the
/// hits (rows answered without an upstream call), the usable outputs and the cost wasted (<see cref="SpendFigures.UsableOutputs"/>).
/// </summary>
internal static class LedgerSpendQuery
{
    private const string Sum = SqliteMoney.SumFunction;

    /// <summary>The parameter the <see cref="SpendGrouping.Tag"/> statements take the tag's key in (a valid key has no quote to escape).</summary>
    public const string TagKeyParameter = "$tag_key";

    private const string SinceClause = " AND l.timestamp >= $since";

    // A row answered without an upstream call: from either cache, or by joining a call in flight.
    private const string IsHit = $"l.cache_status IN ('{CacheStatuses.Hit}', '{CacheStatuses.SemanticHit}', '{CacheStatuses.Coalesced}')";

    // The lever a hit's row belongs to when it has no savings row (its model has no price, so it saved an unknown
    // amount): it is still that lever's hit, and shows under it with nothing saved rather than among the requests no
    // lever acted on.
    private const string HitLever =
        $"CASE l.cache_status WHEN '{CacheStatuses.Hit}' THEN '{Levers.Exact}' WHEN '{CacheStatuses.SemanticHit}' THEN '{Levers.Semantic}' " +
        $"WHEN '{CacheStatuses.Coalesced}' THEN '{Levers.Coalesced}' END";

    // An answer from a generation route (the outputs an application judges), that succeeded.
    private const string IsGeneration = "l.endpoint IN ('/v1/chat/completions', '/v1/messages', '/v1/responses')";

    private const string Succeeded = "(l.status BETWEEN 200 AND 299 AND l.error_type IS NULL)";

    // A later request re-asks this one (x-tollgate-attempt-of): the re-asked ids are gathered once per statement from
    // the partial index ledger_attempt_of (a few rows) and joined, rather than looked up for every row twice.
    private const string ReAsked = "r.id IS NOT NULL";

    // Whether the row's output counts as usable: the application's last word when it gave one; otherwise a generation
    // that succeeded, met its JSON schema (or had none) and was never re-asked.
    private const string IsUsable =
        $"CASE WHEN f.usable IS NOT NULL THEN f.usable WHEN {IsGeneration} AND {Succeeded} AND COALESCE(l.valid, 1) = 1 AND NOT {ReAsked} THEN 1 ELSE 0 END";

    // What of the row's cost bought nothing usable: all of it for a request that failed or whose output was not usable
    // (the application said so, or a generation was invalid or re-asked); else the failed attempts before its answer.
    private const string Wasted =
        "CASE WHEN l.cost_usd IS NULL THEN NULL " +
        $"WHEN (f.usable IS NOT NULL AND f.usable = 0) OR (f.usable IS NULL AND (NOT {Succeeded} OR ({IsGeneration} AND (l.valid = 0 OR {ReAsked})))) THEN l.cost_usd " +
        $"WHEN l.attempts > 1 THEN (SELECT {Sum}(a.cost_usd) FROM ledger_attempts a WHERE a.request_id = l.request_id " +
        "AND (a.status NOT BETWEEN 200 AND 299 OR a.error_type IS NOT NULL)) END";

    // What every statement returns after its group, over the rows it joins.
    private const string FiguresColumns =
        $"COUNT(*), SUM(l.input_tokens), SUM(l.cached_input_tokens), SUM(l.cache_write_tokens), SUM(l.output_tokens), {Sum}(l.cost_usd), " +
        $"{Sum}(CASE WHEN l.cost_usd IS NULL THEN NULL ELSE COALESCE(l.baseline_cost_usd, l.cost_usd) END), " +
        $"{Sum}(CASE WHEN l.cost_usd IS NULL THEN NULL ELSE s.saved_usd END), SUM(l.cost_usd IS NULL), SUM({IsHit}), " +
        $"SUM({IsUsable}), {Sum}({Wasted})";

    // The feedback on each row, by its primary key, and whether a later request re-asks it.
    private const string JoinFeedback =
        " LEFT JOIN feedback f ON f.request_id = l.request_id" +
        " LEFT JOIN (SELECT DISTINCT attempt_of AS id FROM ledger WHERE attempt_of IS NOT NULL) r ON r.id = l.request_id";

    /// <summary>A settled row (not pending) that arrived before <c>$until</c>; the rows of a period add their lower bound.</summary>
    public const string Settled = "NOT (l.status = 0 AND l.error_type IS NULL) AND l.timestamp < $until";

    // One statement per grouping and with/without a lower time bound, and the totals likewise, built once so each stays prepared.
    private static readonly string[] Statements = Build();

    private static readonly string[] TotalStatements = [ByColumn("NULL", string.Empty, grouped: false), ByColumn("NULL", SinceClause, grouped: false)];

    public static string For(SpendGrouping groupBy, bool hasSince)
    {
        var index = (int)groupBy;
        if ((uint)index >= (uint)(Statements.Length / 2))
        {
            throw new ArgumentOutOfRangeException(nameof(groupBy), groupBy, "Unknown spend grouping.");
        }

        return Statements[(index * 2) + (hasSince ? 1 : 0)];
    }

    public static string Totals(bool hasSince) => TotalStatements[hasSince ? 1 : 0];

    /// <summary>Reads one group; for <see cref="SpendGrouping.Lever"/> the saving is the group's lever's own (the discount's is its <c>discount_usd</c>).</summary>
    public static SpendRow ReadRow(SqliteDataReader row, SpendGrouping groupBy)
    {
        var group = row.IsDBNull(0) ? null : row.GetString(0);
        var figures = Figures.Read(row);
        if (groupBy != SpendGrouping.Lever || figures.Cost is null)
        {
            return new SpendRow(figures.Spend()) { Group = group };
        }

        // The discount's row shows it as the discount; the null group (no lever acted) saved nothing.
        return new SpendRow(figures.Spend(
            saved: group is null || group == Levers.Discount ? 0m : figures.Saving,
            discount: group == Levers.Discount ? figures.Saving : 0m))
        {
            Group = group,
        };
    }

    /// <summary>Reads the single row of a <see cref="Totals"/> statement.</summary>
    public static SpendTotals ReadTotals(SqliteDataReader row) => new(Figures.Read(row).Spend());

    /// <summary>Largest cost first; groups with no priced request last; then by name.</summary>
    public static int LargestCostFirst(SpendRow a, SpendRow b) => Compare(a.CostUsd, b.CostUsd, a, b);

    /// <summary>Largest saving (the discount's for its row) first; the null group last; then by name.</summary>
    public static int LargestSavingFirst(SpendRow a, SpendRow b)
    {
        if ((a.Group is null) != (b.Group is null))
        {
            return a.Group is null ? 1 : -1;
        }

        return Compare(a.SavedUsd + a.DiscountUsd, b.SavedUsd + b.DiscountUsd, a, b);
    }

    private static int Compare(decimal? left, decimal? right, SpendRow a, SpendRow b)
    {
        if (left.HasValue != right.HasValue)
        {
            return left.HasValue ? -1 : 1;
        }

        var byAmount = Nullable.Compare(right, left);
        return byAmount != 0 ? byAmount : string.CompareOrdinal(a.Group, b.Group);
    }

    private static string[] Build()
    {
        var groupings = Enum.GetValues<SpendGrouping>();
        var statements = new string[groupings.Length * 2];
        foreach (var grouping in groupings)
        {
            for (var hasSince = 0; hasSince < 2; hasSince++)
            {
                var since = hasSince == 1 ? SinceClause : string.Empty;
                statements[((int)grouping * 2) + hasSince] = grouping == SpendGrouping.Lever ? ByLever(since) : ByColumn(GroupColumn(grouping), since, grouped: true);
            }
        }

        return statements;
    }

    /// <summary>
    /// Grouped by one of the ledger's own columns (or not grouped, for the totals). The negotiated discount of each
    /// row is joined in (one savings row at most per request and lever, by the primary key), so that
    /// saved = baseline − cost − discount.
    /// </summary>
    private static string ByColumn(string column, string since, bool grouped) =>
        $"SELECT {column} AS spend_group, {FiguresColumns} FROM ledger l " +
        $"LEFT JOIN ledger_savings s ON s.request_id = l.request_id AND s.lever = '{Levers.Discount}'{JoinFeedback} " +
        $"WHERE {Settled}{since}{(grouped ? " GROUP BY spend_group" : string.Empty)};";

    /// <summary>
    /// Grouped by lever: each request joined to each of its savings (a request no lever acted on, once, with a null
    /// lever, or its cache lever when it was a hit); the saving summed is the lever's own.
    /// </summary>
    private static string ByLever(string since) =>
        $"SELECT COALESCE(s.lever, {HitLever}) AS spend_group, {FiguresColumns} FROM ledger l LEFT JOIN ledger_savings s ON s.request_id = l.request_id{JoinFeedback} " +
        $"WHERE {Settled}{since} GROUP BY spend_group;";

    /// <summary>The SQL expression of a grouping over the ledger's own columns (row alias <c>l</c>).</summary>
    public static string GroupColumn(SpendGrouping grouping) => grouping switch
    {
        SpendGrouping.Feature => "l.feature",
        SpendGrouping.User => "l.user",
        SpendGrouping.Model => "COALESCE(l.served_model, l.requested_model)",
        SpendGrouping.Key => "l.key_name",
        SpendGrouping.Team => "l.team",

        // The tag's value in the row's JSON object; NULL (the null group) for a row without that tag, or without tags.
        // The key is bound, not written in: one prepared statement serves every tag.
        SpendGrouping.Tag => $"json_extract(l.tags, '$.\"' || {TagKeyParameter} || '\"')",
        _ => throw new ArgumentOutOfRangeException(nameof(grouping), grouping, "Unknown spend grouping."),
    };

    /// <summary>The columns every spend statement returns after the group; money null when no row of the group is priced.</summary>
    private readonly record struct Figures(
        long Requests, long InputTokens, long CachedInputTokens, long CacheWriteTokens, long OutputTokens,
        decimal? Cost, decimal? Baseline, decimal? Saving, long Unpriced, long Hits, long UsableOutputs, decimal? Wasted)
    {
        /// <summary>The report's figures: the levers' saving is baseline − cost − discount, the discount the summed saving (null when unpriced, as all money).</summary>
        public SpendFigures Spend() => Spend(Baseline - Cost - Saving, Saving);

        /// <summary>The report's figures with the saving and the discount given.</summary>
        public SpendFigures Spend(decimal? saved, decimal? discount) => new()
        {
            Requests = Requests,
            InputTokens = InputTokens,
            CachedInputTokens = CachedInputTokens,
            CacheWriteTokens = CacheWriteTokens,
            OutputTokens = OutputTokens,
            CostUsd = Cost,
            BaselineCostUsd = Baseline,
            SavedUsd = saved,
            DiscountUsd = discount,
            UnpricedRequests = Unpriced,
            Hits = Hits,
            UsableOutputs = UsableOutputs,
            WastedUsd = Wasted,
        };

        public static Figures Read(SqliteDataReader row)
        {
            var requests = row.GetInt64(1);
            var unpriced = Long(row, 9);
            var priced = requests - unpriced > 0;
            return new Figures(
                requests, Long(row, 2), Long(row, 3), Long(row, 4), Long(row, 5),
                priced ? Money(row, 6) : null, priced ? Money(row, 7) : null, priced ? Money(row, 8) : null, unpriced, Long(row, 10),
                Long(row, 11), priced ? Money(row, 12) : null);
        }

        // SUM over no rows is NULL in SQL; over some rows it is their sum.
        private static long Long(SqliteDataReader row, int ordinal) => row.IsDBNull(ordinal) ? 0 : row.GetInt64(ordinal);

        private static decimal Money(SqliteDataReader row, int ordinal) => row.IsDBNull(ordinal) ? 0m : SqliteMoney.Parse(row.GetString(ordinal));
    }
}
