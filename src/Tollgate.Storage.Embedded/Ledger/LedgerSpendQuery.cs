using Microsoft.Data.Sqlite;
using Tollgate.Core.Ledger;
using Tollgate.Storage.Embedded.Sqlite;

namespace Tollgate.Storage.Embedded.Ledger;

/// <summary>
/// The spend report as SQL: GROUP BY in SQLite, money summed exactly by <see cref="SqliteMoney.SumFunction"/>.
/// Pending rows are left out; an unknown cost counts as nothing; a missing baseline counts as the cost.
/// </summary>
internal static class LedgerSpendQuery
{
    // One statement per grouping and with/without a lower time bound, built once so each stays prepared.
    private static readonly string[] Statements = Build();

    public static Comparison<SpendRow> LargestCostFirst { get; } = static (a, b) =>
    {
        var byCost = b.CostUsd.CompareTo(a.CostUsd);
        return byCost != 0 ? byCost : string.CompareOrdinal(a.Group, b.Group);
    };

    public static string For(SpendGrouping groupBy, bool hasSince)
    {
        var index = (int)groupBy;
        if ((uint)index >= (uint)(Statements.Length / 2))
        {
            throw new ArgumentOutOfRangeException(nameof(groupBy), groupBy, "Unknown spend grouping.");
        }

        return Statements[(index * 2) + (hasSince ? 1 : 0)];
    }

    public static SpendRow Read(SqliteDataReader row)
    {
        var cost = SqliteMoney.Parse(row.GetString(5));
        var baseline = SqliteMoney.Parse(row.GetString(6));
        return new SpendRow(
            Group: row.IsDBNull(0) ? null : row.GetString(0),
            Requests: row.GetInt64(1),
            InputTokens: row.GetInt64(2),
            CachedInputTokens: row.GetInt64(3),
            OutputTokens: row.GetInt64(4),
            CostUsd: cost,
            BaselineCostUsd: baseline,
            SavedUsd: baseline - cost);
    }

    private static string[] Build()
    {
        var groupings = Enum.GetValues<SpendGrouping>();
        var statements = new string[groupings.Length * 2];
        foreach (var grouping in groupings)
        {
            var column = GroupColumn(grouping);
            for (var hasSince = 0; hasSince < 2; hasSince++)
            {
                statements[((int)grouping * 2) + hasSince] =
                    $"SELECT {column} AS spend_group, COUNT(*), SUM(input_tokens), SUM(cached_input_tokens), SUM(output_tokens), " +
                    $"{SqliteMoney.SumFunction}(cost_usd), {SqliteMoney.SumFunction}(COALESCE(baseline_cost_usd, cost_usd)) " +
                    "FROM ledger WHERE NOT (status = 0 AND error_type IS NULL)" +
                    (hasSince == 1 ? " AND timestamp >= $since" : string.Empty) +
                    " GROUP BY spend_group;";
            }
        }

        return statements;
    }

    private static string GroupColumn(SpendGrouping grouping) => grouping switch
    {
        SpendGrouping.Feature => "feature",
        SpendGrouping.User => "user",
        SpendGrouping.Model => "COALESCE(served_model, requested_model)",
        SpendGrouping.Key => "key_name",
        SpendGrouping.Team => "team",
        _ => throw new ArgumentOutOfRangeException(nameof(grouping), grouping, "Unknown spend grouping."),
    };
}
