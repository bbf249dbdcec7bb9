using Microsoft.Data.Sqlite;

namespace Tollgate.Storage.Embedded.Sqlite;

/// <summary>
/// The connections of one small store in the shared database: one write connection used a turn at a time
/// (<see cref="Writer"/>), and a pool of readers. Opened at once, so a database that cannot be opened fails the store's
/// creator; disposed once, after the write in progress.
/// </summary>
internal sealed class SqliteStoreConnections : IDisposable
{
    private readonly SqlitePreparedConnection _write;
    private bool _disposed;

    public SqliteStoreConnections(SqliteDatabase database)
    {
        _write = new SqlitePreparedConnection(database.OpenWriteConnection());
        Readers = new SqliteReadPool(database);
    }

    /// <summary>The writer's turn: hold it around every use of <see cref="WriteConnection"/>.</summary>
    public SemaphoreSlim Writer { get; } = new(1, 1);

    /// <summary>Read connections, rented and returned.</summary>
    public SqliteReadPool Readers { get; }

    /// <summary>The write connection; call it holding the writer's turn.</summary>
    public SqlitePreparedConnection WriteConnection
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _write;
        }
    }

    /// <summary>The prepared write command for <paramref name="sql"/>; call it holding the writer's turn.</summary>
    public SqliteCommand WriteCommand(string sql, params ReadOnlySpan<string> parameterNames) => WriteConnection.Command(sql, parameterNames);

    public void Dispose()
    {
        Writer.Wait();
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _write.Dispose();
            Readers.Dispose();
        }
        finally
        {
            Writer.Release();
        }
    }
}
