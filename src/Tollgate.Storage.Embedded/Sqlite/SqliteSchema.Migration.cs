using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Tollgate.Storage.Embedded.Sqlite;

/// <summary>How the steps are applied, and the steps that fill the rollup from the rows already written.</summary>
internal static partial class SqliteSchema
{
    /// <summary>The version whose step made the hourly rollup, filled then from the rows already written.</summary>
    internal const int RollupVersion = 15;

    /// <summary>The version whose step took the rollup off the commit (a watermark) and added the token histogram to it, filled then.</summary>
    internal const int WatermarkVersion = 16;

    /// <summary>The version whose step added the rollup's minutes (requests and peak cost per minute), filled then.</summary>
    internal const int MinuteVersion = 18;

    /// <summary>The version this code writes and reads.</summary>
    public static int CurrentVersion => Steps.Length;

    /// <summary>Applies every missing step in one transaction; safe when several processes start at once.</summary>
    public static void Migrate(SqliteConnection connection)
    {
        // IMMEDIATE takes the write lock before reading the version, so two processes cannot both migrate.
        using var transaction = connection.BeginTransaction(deferred: false);
        var version = ReadVersion(connection, transaction);
        if (version > CurrentVersion)
        {
            throw new InvalidOperationException(
                $"The database '{connection.DataSource}' has schema version {version}, newer than this Tollgate understands ({CurrentVersion}). Upgrade Tollgate.");
        }

        if (version == CurrentVersion)
        {
            return;
        }

        for (var step = version; step < CurrentVersion; step++)
        {
            Execute(connection, transaction, Steps[step]);
        }

        // The rollup is filled from the rows once every step stands, the way this code writes it.
        if (version < RollupVersion)
        {
            Ledger.Rollup.LedgerRollupBackfill.Run(connection, transaction);
        }

        if (version < WatermarkVersion)
        {
            Ledger.Rollup.LedgerRollupBackfill.RunHistogram(connection, transaction);
        }

        if (version < MinuteVersion)
        {
            Ledger.Rollup.LedgerRollupBackfill.RunMinutes(connection, transaction);
        }

        Execute(connection, transaction, string.Create(CultureInfo.InvariantCulture, $"PRAGMA user_version = {CurrentVersion};"));
        transaction.Commit();
    }

    /// <summary>The schema version recorded in the file.</summary>
    public static int ReadVersion(SqliteConnection connection, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "PRAGMA user_version;";
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
