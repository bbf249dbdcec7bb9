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

    /// <summary>Whether the row's output counts as usable (1 or 0), the application's feedback and the re-asks as they stand.</summary>
    internal static readonly string IsUsable = Usable(feedback: "f.usable", reAsked: ReAsked);

    /// <summary>The row's usable output as known when it settled: nobody had judged it and nothing re-asked it (the hourly rollup keeps it so).</summary>
    internal static readonly string IsUsableAtSettlement = Usable(feedback: "NULL", reAsked: "0");

    /// <summary>What of the row's cost bought nothing usable, the feedback and re-asks as they stand.</summary>
    internal static readonly string Wasted = Waste(feedback: "f.usable", reAsked: ReAsked);

    /// <summary>The row's waste as known when it settled (as <see cref="IsUsableAtSettlement"/>).</summary>
    internal static readonly string WastedAtSettlement = Waste(feedback: "NULL", reAsked: "0");

    /// <summary>The feedback on each row, by its primary key, and whether a later request re-asks it.</summary>
    internal const string JoinFeedback =
        " LEFT JOIN feedback f ON f.request_id = l.request_id" +
        " LEFT JOIN (SELECT DISTINCT attempt_of AS id FROM ledger WHERE attempt_of IS NOT NULL) r ON r.id = l.request_id";

    // What every statement returns after its group, over the rows it joins.
    private static readonly string FiguresColumns =
        $"COUNT(*), SUM(l.input_tokens), SUM(l.cached_input_tokens), SUM(l.cache_write_tokens), SUM(l.output_tokens), {Sum}(l.cost_usd), " +
        $"{Sum}(CASE WHEN l.cost_usd IS NULL THEN NULL ELSE COALESCE(l.baseline_cost_usd, l.cost_usd) END), " +
        $"{Sum}(CASE WHEN l.cost_usd IS NULL THEN NULL ELSE s.saved_usd END), SUM(l.cost_usd IS NULL), SUM({IsHit}), " +
        $"SUM({IsUsable}), {Sum}({Wasted})";

    /// <summary>A settled row (not pending) that arrived before <c>$until</c>; the rows of a period add their lower bound.</summary>
    public const string Settled = "NOT (l.status = 0 AND l.error_type IS NULL) AND l.timestamp < $until";

    // One statement per grouping and with/without a lower time bound, and the totals likewise, built once so each stays prepared.

    private static readonly string[] Statements = Build();

    private static readonly string[] TotalStatements = [ByColumn("NULL", string.Empty, grouped: false), ByColumn("NULL", SinceClause, grouped: false)];

    private static readonly string[] CorrectionStatements = BuildCorrections();

    private static readonly string[] AboveStatements = Build(above: true);

    /// <summary>The parameter of the rollup's watermark: the statements over the rows above it, and the corrections, take it.</summary>
    public const string WatermarkParameter = "$watermark";

    // The rows above the rollup's watermark (few: those committed since its last flush), found by their index.
    private const string AboveClause = " AND l.commit_seq > $watermark";
    private const string AboveFrom = "ledger l INDEXED BY ledger_commit_seq";

    public static string For(SpendGrouping groupBy, bool hasSince)
    {
        var index = (int)groupBy;
        if ((uint)index >= (uint)(Statements.Length / 2))
        {
            throw new ArgumentOutOfRangeException(nameof(groupBy), groupBy, "Unknown spend grouping.");
        }

        return Statements[(index * 2) + (hasSince ? 1 : 0)];
    }

    /// <summary>As <see cref="For"/>, over the rows above the rollup's watermark (<see cref="WatermarkParameter"/>) alone.</summary>
    public static string Above(SpendGrouping groupBy, bool hasSince)
    {
        For(groupBy, hasSince); // checks the grouping
        return AboveStatements[((int)groupBy * 2) + (hasSince ? 1 : 0)];
    }

    public static string Totals(bool hasSince) => TotalStatements[hasSince ? 1 : 0];

    /// <summary>
    /// Per group, over the settled rows of the period that have feedback or are re-asked (the few whose usable output and
    /// waste changed after they settled): the usable outputs now less those at settlement, the waste now, the waste at
    /// settlement. They correct the hourly rollup, which keeps both figures as known at settlement, and so read only the
    /// rows it holds: those at or below its watermark (<see cref="WatermarkParameter"/>).
    /// </summary>
    public static string Corrections(SpendGrouping groupBy, bool hasSince) => CorrectionStatements[((int)groupBy * 2) + (hasSince ? 1 : 0)];

    /// <summary>Reads one group; for <see cref="SpendGrouping.Lever"/> the saving is the group's lever's own (the discount's is its <c>discount_usd</c>).</summary>
    public static SpendRow ReadRow(SqliteDataReader row, SpendGrouping groupBy) =>
        ToRow(row.IsDBNull(0) ? null : row.GetString(0), SpendSums.Read(row, 1), groupBy);

    /// <summary>The report's row of one group's sums.</summary>
    public static SpendRow ToRow(string? group, SpendSums sums, SpendGrouping groupBy)
    {
        if (groupBy != SpendGrouping.Lever)
        {
            return new SpendRow(sums.Spend()) { Group = group };
        }

        // The discount's row shows it as the discount; the null group (no lever acted) saved nothing.
        return new SpendRow(sums.Spend(
            saved: group is null || group == Levers.Discount ? 0m : sums.Saving,
            discount: group == Levers.Discount ? sums.Saving : 0m))
        {
            Group = group,
        };
    }

    /// <summary>Reads the single row of a <see cref="Totals"/> statement.</summary>
    public static SpendTotals ReadTotals(SqliteDataReader row) => new(SpendSums.Read(row, 1).Spend());

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

    // Whether the row's output counts as usable: the application's last word when it gave one; otherwise a generation
    // that succeeded, met its JSON schema (or had none) and was never re-asked.
    private static string Usable(string feedback, string reAsked) =>
        $"CASE WHEN {feedback} IS NOT NULL THEN {feedback} WHEN {IsGeneration} AND {Succeeded} AND COALESCE(l.valid, 1) = 1 AND NOT {reAsked} THEN 1 ELSE 0 END";

    // What of the row's cost bought nothing usable: all of it for a request that failed or whose output was not usable
    // (the application said so, or a generation was invalid or re-asked); else the failed attempts before its answer.
    private static string Waste(string feedback, string reAsked) =>
        "CASE WHEN l.cost_usd IS NULL THEN NULL " +
        $"WHEN ({feedback} IS NOT NULL AND {feedback} = 0) OR ({feedback} IS NULL AND (NOT {Succeeded} OR ({IsGeneration} AND (l.valid = 0 OR {reAsked})))) THEN l.cost_usd " +
        $"WHEN l.attempts > 1 THEN (SELECT {Sum}(a.cost_usd) FROM ledger_attempts a WHERE a.request_id = l.request_id " +
        "AND (a.status NOT BETWEEN 200 AND 299 OR a.error_type IS NOT NULL)) END";

    private static string[] BuildCorrections()
    {
        var groupings = Enum.GetValues<SpendGrouping>();
        var statements = new string[groupings.Length * 2];
        foreach (var grouping in groupings)
        {
            var (group, savings) = grouping == SpendGrouping.Lever
                ? ($"COALESCE(s.lever, {HitLever})", " LEFT JOIN ledger_savings s ON s.request_id = l.request_id")
                : (GroupColumn(grouping), string.Empty);
            for (var hasSince = 0; hasSince < 2; hasSince++)
            {
                statements[((int)grouping * 2) + hasSince] =
                    $"SELECT {group} AS spend_group, SUM({IsUsable}) - SUM({IsUsableAtSettlement}), {Sum}({Wasted}), {Sum}({WastedAtSettlement}) " +
                    $"FROM ledger l{savings}{JoinFeedback} WHERE l.request_id IN (SELECT request_id FROM feedback UNION " +
                    $"SELECT attempt_of FROM ledger WHERE attempt_of IS NOT NULL) AND {Settled}{(hasSince == 1 ? SinceClause : string.Empty)} " +
                    "AND (l.commit_seq IS NULL OR l.commit_seq <= $watermark) GROUP BY spend_group;";
            }
        }

        return statements;
    }

    private static string[] Build(bool above = false)
    {
        var groupings = Enum.GetValues<SpendGrouping>();
        var statements = new string[groupings.Length * 2];
        var from = above ? AboveFrom : "ledger l";
        foreach (var grouping in groupings)
        {
            for (var hasSince = 0; hasSince < 2; hasSince++)
            {
                var since = (hasSince == 1 ? SinceClause : string.Empty) + (above ? AboveClause : string.Empty);
                statements[((int)grouping * 2) + hasSince] = grouping == SpendGrouping.Lever ? ByLever(since, from) : ByColumn(GroupColumn(grouping), since, grouped: true, from);
            }
        }

        return statements;
    }

    /// <summary>
    /// Grouped by one of the ledger's own columns (or not grouped, for the totals). The negotiated discount of each
    /// row is joined in (one savings row at most per request and lever, by the primary key), so that
    /// saved = baseline − cost − discount.
    /// </summary>
    private static string ByColumn(string column, string since, bool grouped, string from = "ledger l") =>
        $"SELECT {column} AS spend_group, {FiguresColumns} FROM {from} " +
        $"LEFT JOIN ledger_savings s ON s.request_id = l.request_id AND s.lever = '{Levers.Discount}'{JoinFeedback} " +
        $"WHERE {Settled}{since}{(grouped ? " GROUP BY spend_group" : string.Empty)};";

    /// <summary>
    /// Grouped by lever: each request joined to each of its savings (a request no lever acted on, once, with a null
    /// lever, or its cache lever when it was a hit); the saving summed is the lever's own.
    /// </summary>
    private static string ByLever(string since, string from) =>
        $"SELECT COALESCE(s.lever, {HitLever}) AS spend_group, {FiguresColumns} FROM {from} LEFT JOIN ledger_savings s ON s.request_id = l.request_id{JoinFeedback} " +
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
}
