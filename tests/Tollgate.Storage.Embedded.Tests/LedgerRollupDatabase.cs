using System.Globalization;
using Microsoft.Data.Sqlite;
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
    /// The minutes of the rollup whose peak cost is below the cost (as SQLite casts it to REAL) of a settled row the
    /// rollup holds in that minute, as text; and how many minutes with priced rows were checked.
    /// </summary>
    public static (List<string> Violations, int Checked) PeakViolations(string directory)
    {
        using var connection = Open(directory);
        using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT r.minute, r.dearest, p.peak_cost FROM (SELECT substr(timestamp, 1, 16) AS minute, MAX(CAST(cost_usd AS REAL)) AS dearest FROM ledger " +
            "WHERE cost_usd IS NOT NULL AND NOT (status = 0 AND error_type IS NULL) AND (commit_seq IS NULL OR commit_seq <= (SELECT watermark FROM ledger_rollup_state)) " +
            $"GROUP BY minute) r LEFT JOIN ledger_rollup p ON p.grouping = '{LedgerRollupRow.MinuteGrouping}' AND p.hour = r.minute AND p.named = 0 AND p.spend_group = '';";
        var violations = new List<string>();
        var minutes = 0;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            minutes++;
            if (reader.IsDBNull(2) || reader.GetDouble(2) < reader.GetDouble(1))
            {
                violations.Add($"{reader.GetString(0)}: peak {(reader.IsDBNull(2) ? "none" : reader.GetDouble(2))} < {reader.GetDouble(1)}");
            }
        }

        return (violations, minutes);
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
