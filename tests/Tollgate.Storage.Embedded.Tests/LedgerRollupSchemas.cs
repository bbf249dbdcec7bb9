using System.Globalization;
using Microsoft.Data.Sqlite;
using Tollgate.Storage.Embedded.Ledger.Rollup;
using Tollgate.Storage.Embedded.Sqlite;

namespace Tollgate.Storage.Embedded.Tests;

/// <summary>Databases of an earlier schema version holding the rows of a ledger written by this one, as the older code would have left them.</summary>
internal static class LedgerRollupSchemas
{
    /// <summary>
    /// Makes <c>tollgate.db</c> in <paramref name="targetDirectory"/> with the first <paramref name="version"/> schema steps and
    /// copies the rows, savings, attempts and feedback of <paramref name="sourceDirectory"/>'s (closed) database into it;
    /// from the version that kept the rollup on the commit on, its rollup too (which had no token histogram then), and
    /// from the version that took it off the commit on, its watermark.
    /// </summary>
    public static void CopyRowsIntoSchema(string sourceDirectory, string targetDirectory, int version)
    {
        var source = Path.Combine(sourceDirectory, EmbeddedStorage.DatabaseFileName);
        using var connection = new SqliteConnection($"Data Source={Path.Combine(targetDirectory, EmbeddedStorage.DatabaseFileName)};Pooling=False");
        connection.Open();
        for (var step = 0; step < version; step++)
        {
            Execute(connection, SqliteSchema.Steps[step]);
        }

        Execute(connection, string.Create(CultureInfo.InvariantCulture, $"PRAGMA user_version = {version};"));
        Execute(connection, $"ATTACH DATABASE '{source}' AS source;");
        var columns = string.Join(", ", Columns(connection, "ledger"));
        Execute(connection, $"INSERT INTO main.ledger ({columns}) SELECT {columns} FROM source.ledger;");
        foreach (var table in new[] { "ledger_savings", "ledger_attempts", "feedback" })
        {
            Execute(connection, $"INSERT INTO main.{table} SELECT * FROM source.{table};");
        }

        if (version >= SqliteSchema.RollupVersion)
        {
            // The rollup as that version kept it: no minutes before step 18, no peak cost before step 17, no token
            // histogram before step 16.
            var rollup = string.Join(", ", Columns(connection, "ledger_rollup"));
            var histogram = version >= SqliteSchema.WatermarkVersion ? string.Empty : $" AND grouping <> '{LedgerRollupRow.TokensGrouping}'";
            Execute(connection, $"INSERT INTO main.ledger_rollup ({rollup}) SELECT {rollup} FROM source.ledger_rollup WHERE grouping <> '{LedgerRollupRow.MinuteGrouping}'{histogram};");
        }

        if (version >= SqliteSchema.WatermarkVersion)
        {
            Execute(connection, "UPDATE main.ledger_rollup_state SET watermark = (SELECT watermark FROM source.ledger_rollup_state);");
        }

        Execute(connection, "DETACH DATABASE source;");
    }

    private static List<string> Columns(SqliteConnection connection, string table)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT name FROM pragma_table_info('{table}', 'main');";
        using var reader = command.ExecuteReader();
        var columns = new List<string>();
        while (reader.Read())
        {
            columns.Add(reader.GetString(0));
        }

        return columns;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
