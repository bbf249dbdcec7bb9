using System.Globalization;
using Microsoft.Data.Sqlite;
using Tollgate.Core.Ledger;
using Tollgate.Storage.Embedded.Ledger.Rollup;
using Tollgate.Storage.Embedded.Sqlite;

namespace Tollgate.Storage.Embedded.Tests;

/// <summary>What the rollup's tests read straight from a data directory's <c>tollgate.db</c>, beside or after the store.</summary>
internal static class LedgerRollupDatabase
{
    /// <summary>Rows the rollup does not hold yet: above its watermark.</summary>
    public static long RowsAboveWatermark(string directory) =>
        Scalar(directory, "SELECT COUNT(*) FROM ledger WHERE commit_seq > (SELECT watermark FROM ledger_rollup_state);");

    /// <summary>
    /// Every bucket holding a request, its sums with money as numbers (the text of an exact sum may differ in trailing
    /// zeros). The peak cost is left out: it is a bound, not a sum (<see cref="PeakViolations"/> checks it).
    /// </summary>
    public static List<string> ReadRollup(string directory)
    {
        using var connection = Open(directory);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM ledger_rollup WHERE requests <> 0 ORDER BY grouping, hour, named, spend_group;";
        using var reader = command.ExecuteReader();
        var buckets = new List<string>();
        while (reader.Read())
        {
            var fields = new List<string>();
            for (var i = 0; i < reader.FieldCount; i++)
            {
                if (reader.GetName(i) == "peak_cost")
                {
                    continue;
                }

                fields.Add(reader.GetName(i).EndsWith("_usd", StringComparison.Ordinal)
                    ? SqliteMoney.Parse(reader.GetString(i)).ToString("G29", CultureInfo.InvariantCulture)
                    : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)!);
            }

            buckets.Add(string.Join('|', fields));
        }

        return buckets;
    }

    /// <summary>
    /// The token-histogram buckets of the rollup whose peak cost is below the cost (as SQLite casts it to REAL) of a
    /// settled row the rollup holds in that hour and bucket, as text; and how many buckets with rows were checked.
    /// </summary>
    public static (List<string> Violations, int Checked) PeakViolations(string directory)
    {
        using var connection = Open(directory);
        var dearest = new Dictionary<(string Hour, string Bucket), double>();
        using (var rows = connection.CreateCommand())
        {
            rows.CommandText =
                "SELECT substr(timestamp, 1, 13), input_tokens + output_tokens, CAST(cost_usd AS REAL) FROM ledger WHERE cost_usd IS NOT NULL " +
                "AND NOT (status = 0 AND error_type IS NULL) AND (commit_seq IS NULL OR commit_seq <= (SELECT watermark FROM ledger_rollup_state));";
            using var reader = rows.ExecuteReader();
            while (reader.Read())
            {
                var bucket = TokenHistogram.Edges[LedgerRollupRow.TokenBucket(reader.GetInt64(1))].ToString(CultureInfo.InvariantCulture);
                var key = (reader.GetString(0), bucket);
                dearest[key] = Math.Max(dearest.GetValueOrDefault(key), reader.GetDouble(2));
            }
        }

        var violations = new List<string>();
        using var peaks = connection.CreateCommand();
        peaks.CommandText = $"SELECT hour, spend_group, peak_cost FROM ledger_rollup WHERE grouping = '{LedgerRollupRow.TokensGrouping}';";
        using (var reader = peaks.ExecuteReader())
        {
            while (reader.Read())
            {
                var key = (reader.GetString(0), reader.GetString(1));
                if (dearest.TryGetValue(key, out var cost) && reader.GetDouble(2) < cost)
                {
                    violations.Add($"{key}: peak {reader.GetDouble(2)} < {cost}");
                }
            }
        }

        return (violations, dearest.Count);
    }

    public static long Scalar(string directory, string sql)
    {
        using var connection = Open(directory);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static SqliteConnection Open(string directory)
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(directory, EmbeddedStorage.DatabaseFileName)};Pooling=False");
        connection.Open();
        return connection;
    }
}
