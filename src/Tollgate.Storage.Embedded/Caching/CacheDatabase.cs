using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Tollgate.Storage.Embedded.Caching;

/// <summary>
/// The cache's own SQLite file, apart from the ledger's: its writes take that file's write lock, never the ledger's,
/// so storing an answer cannot delay a ledger commit. WAL mode, so lookups run beside a write. Losing the last writes
/// on power loss only costs a later miss, hence <c>synchronous = NORMAL</c> always.
/// </summary>
internal sealed class CacheDatabase
{
    private const int SchemaVersion = 2;

    private const string Schema =
        "CREATE TABLE IF NOT EXISTS cache_entries (" +
        " key BLOB NOT NULL PRIMARY KEY," +
        " scope TEXT NOT NULL," +
        " feature TEXT," +
        " model TEXT NOT NULL," +
        " protocol TEXT NOT NULL," +
        " status INTEGER NOT NULL," +
        " content_type TEXT NOT NULL," +
        " is_stream INTEGER NOT NULL," +
        " payload BLOB NOT NULL," +
        " answer_bytes INTEGER NOT NULL," +
        " created_at TEXT NOT NULL," +
        " expires_at TEXT NOT NULL);" +
        "CREATE INDEX IF NOT EXISTS cache_entries_expires_at ON cache_entries (expires_at);" +
        "CREATE INDEX IF NOT EXISTS cache_entries_created_at ON cache_entries (created_at);";

    // Schema 2: the semantic cache's part of an entry (partition key, last user message, embedder, float32 vector), all
    // null for an entry only the exact cache finds. Added to a schema-1 file in place; its entries keep serving.
    private const string SemanticColumns =
        "ALTER TABLE cache_entries ADD COLUMN semantic_partition BLOB;" +
        "ALTER TABLE cache_entries ADD COLUMN semantic_prompt TEXT;" +
        "ALTER TABLE cache_entries ADD COLUMN semantic_embedder TEXT;" +
        "ALTER TABLE cache_entries ADD COLUMN semantic_vector BLOB;";

    private readonly string _connectionString;
    private readonly string _pragmas;

    private CacheDatabase(string path, EmbeddedCacheOptions options)
    {
        Path = path;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            // The store keeps its own long-lived connections; a pooled one would keep the file open after disposal.
            Pooling = false,
            DefaultTimeout = (int)Math.Max(1, Math.Ceiling(options.BusyTimeout.TotalSeconds)),
        }.ToString();
        var busyMilliseconds = (long)Math.Ceiling(options.BusyTimeout.TotalMilliseconds);
        _pragmas = string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {busyMilliseconds}; PRAGMA synchronous = NORMAL;");
    }

    public string Path { get; }

    /// <summary>Opens the file (which must exist, created owner-only by the caller), switches it to WAL and creates the schema.</summary>
    /// <exception cref="SqliteException">The file cannot be opened or is not a database; the message names the file.</exception>
    /// <exception cref="InvalidOperationException">The file was made by a newer Tollgate.</exception>
    public static CacheDatabase Open(string path, EmbeddedCacheOptions options)
    {
        var database = new CacheDatabase(path, options);
        try
        {
            using var connection = database.OpenConnection();
            if (!string.Equals(Scalar(connection, "PRAGMA journal_mode = WAL;") as string, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"SQLite refused write-ahead logging for '{path}'. Put the data directory on a local file system.");
            }

            var version = Convert.ToInt64(Scalar(connection, "PRAGMA user_version;"), CultureInfo.InvariantCulture);
            if (version > SchemaVersion)
            {
                throw new InvalidOperationException($"The cache '{path}' was made by a newer Tollgate (schema {version}; this one knows {SchemaVersion}).");
            }

            using var transaction = connection.BeginTransaction();
            using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = Schema + (version < 2 ? SemanticColumns : "") +
                    string.Create(CultureInfo.InvariantCulture, $"PRAGMA user_version = {SchemaVersion};");
                command.ExecuteNonQuery();
            }

            transaction.Commit();
            return database;
        }
        catch (SqliteException exception)
        {
            // SQLite's own message ("file is not a database") does not say which file.
            throw new SqliteException($"{path}: {exception.Message}", exception.SqliteErrorCode, exception.SqliteExtendedErrorCode);
        }
    }

    public SqliteConnection OpenConnection()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = _pragmas;
            command.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
