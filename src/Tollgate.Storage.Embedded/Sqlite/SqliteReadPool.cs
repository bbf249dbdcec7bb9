using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Tollgate.Storage.Embedded.Sqlite;

/// <summary>
/// Read connections for one store. In WAL mode readers run beside the single writer without blocking it, so
/// a read takes an idle connection (or opens one) and gives it back; at most a few stay open between reads.
/// </summary>
internal sealed class SqliteReadPool : IDisposable
{
    private readonly Func<SqliteConnection> _open;
    private readonly ConcurrentQueue<SqlitePreparedConnection> _idle = new();
    private readonly int _maxIdle;
    private int _idleCount;
    private volatile bool _disposed;

    public SqliteReadPool(SqliteDatabase database)
        : this(database.OpenReadConnection, database.Options.MaxIdleReadConnections)
    {
    }

    /// <summary>A pool over any database: <paramref name="open"/> opens a read connection, <paramref name="maxIdle"/> stay open between reads.</summary>
    public SqliteReadPool(Func<SqliteConnection> open, int maxIdle)
    {
        _open = open;
        _maxIdle = maxIdle;
    }

    public SqlitePreparedConnection Rent()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_idle.TryDequeue(out var connection))
        {
            Interlocked.Decrement(ref _idleCount);
            return connection;
        }

        return new SqlitePreparedConnection(_open());
    }

    public void Return(SqlitePreparedConnection connection)
    {
        if (!_disposed)
        {
            if (Interlocked.Increment(ref _idleCount) <= _maxIdle)
            {
                _idle.Enqueue(connection);

                // Dispose may have drained the queue between the check above and the enqueue.
                if (_disposed)
                {
                    CloseIdle();
                }

                return;
            }

            Interlocked.Decrement(ref _idleCount);
        }

        connection.Dispose();
    }

    public void Dispose()
    {
        _disposed = true;
        CloseIdle();
    }

    private void CloseIdle()
    {
        while (_idle.TryDequeue(out var connection))
        {
            connection.Dispose();
        }
    }
}
