using System.Globalization;
using Microsoft.Data.Sqlite;
using Tollgate.Storage.Embedded.Sqlite;

namespace Tollgate.Storage.Embedded.Tests;

/// <summary>What the rollup's tests read straight from a data directory's <c>tollgate.db</c>, beside or after the store.</summary>
internal static class LedgerRollupDatabase
{
    /// <summary>Rows the rollup does not hold yet: above its watermark.</summary>
    public static long RowsAboveWatermark(string directory) =>
        Scalar(directory, "SELECT COUNT(*) FROM ledger WHERE commit_seq > (SELECT watermark FROM ledger_rollup_state);");

    /// <summary>Every bucket holding a request, its sums with money as numbers (the text of an exact sum may differ in trailing zeros).</summary>
    public static List<string> ReadRollup(string directory)
    {
        using var connection = Open(directory);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM ledger_rollup WHERE requests <> 0 ORDER BY grouping, hour, named, spend_group;";
        using var reader = command.ExecuteReader();
        var buckets = new List<string>();
        while (reader.Read())
        {
            var fields = new string[reader.FieldCount];
            for (var i = 0; i < fields.Length; i++)
            {
                fields[i] = reader.GetName(i).EndsWith("_usd", StringComparison.Ordinal)
                    ? SqliteMoney.Parse(reader.GetString(i)).ToString("G29", CultureInfo.InvariantCulture)
                    : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)!;
            }

            buckets.Add(string.Join('|', fields));
        }

        return buckets;
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
