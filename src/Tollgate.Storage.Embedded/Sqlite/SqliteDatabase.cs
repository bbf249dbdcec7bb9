using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Tollgate.Storage.Embedded.Sqlite;

/// <summary>One SQLite database file and how every connection to it is opened and configured.</summary>
internal sealed class SqliteDatabase
{
    private readonly string _connectionString;
    private readonly string _writePragmas;
    private readonly string _readPragmas;

    private SqliteDatabase(string path, EmbeddedStorageOptions options)
    {
        Path = path;
        Options = options;
        var busyMilliseconds = (long)Math.Ceiling(options.BusyTimeout.TotalMilliseconds);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            // This class keeps its own long-lived connections; a pooled one would keep the file open after disposal.
            Pooling = false,
            // Microsoft.Data.Sqlite's own retry on SQLITE_BUSY, in whole seconds; busy_timeout below does the fine-grained wait.
            DefaultTimeout = (int)Math.Max(1, Math.Ceiling(options.BusyTimeout.TotalSeconds)),
        }.ToString();

        var synchronous = options.Synchronous == SqliteSynchronousMode.Full ? "FULL" : "NORMAL";
        _writePragmas = string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {busyMilliseconds}; PRAGMA synchronous = {synchronous};");
        _readPragmas = string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {busyMilliseconds}; PRAGMA query_only = 1;");
    }

    /// <summary>Full path of the database file.</summary>
    public string Path { get; }

    public EmbeddedStorageOptions Options { get; }

    /// <summary>Opens the file (creating it when missing), switches it to WAL and migrates its schema.</summary>
    /// <exception cref="SqliteException">The file cannot be opened or is not a database; the message names the file.</exception>
    public static SqliteDatabase Open(string path, EmbeddedStorageOptions options)
    {
        var database = new SqliteDatabase(path, options);
        try
        {
            using var connection = database.OpenWriteConnection();
            EnableWriteAheadLog(connection);
            SqliteSchema.Migrate(connection);
            return database;
        }
        catch (SqliteException exception)
        {
            // SQLite's own message ("file is not a database") does not say which file.
            throw new SqliteException($"{path}: {exception.Message}", exception.SqliteErrorCode, exception.SqliteExtendedErrorCode);
        }
    }

    /// <summary>A connection for writing: configured durability and lock waiting.</summary>
    public SqliteConnection OpenWriteConnection()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            Execute(connection, _writePragmas);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>A connection that refuses writes and can sum money exactly (<see cref="SqliteMoney.SumFunction"/>).</summary>
    public SqliteConnection OpenReadConnection()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            Execute(connection, _readPragmas);
            SqliteMoney.RegisterSum(connection);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static void EnableWriteAheadLog(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL;";
        var mode = command.ExecuteScalar() as string;
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"SQLite refused write-ahead logging for '{connection.DataSource}' (journal mode is '{mode}'). " +
                "Put the data directory on a local file system.");
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
