using Microsoft.Data.Sqlite;

namespace Tollgate.Storage.Embedded.Sqlite;

/// <summary>
/// Moves WAL checkpoints off the commit path. SQLite normally checkpoints inside the commit that crosses
/// 1,000 WAL pages, and a checkpoint syncs files to disk: with one small commit per ledger write, that stalled
/// one request in a hundred for milliseconds. Instead the writer never checkpoints; this class runs a passive
/// checkpoint on its own connection every interval (it copies pages back while the writer goes on), and now
/// and then a restarting one, which waits for the writer only to copy the few pages left and lets the next
/// commit start the WAL file over, so it stays small.
/// </summary>
internal sealed class SqliteWalCheckpointer : IAsyncDisposable
{
    /// <summary>After a checkpoint resets the WAL, the file is truncated to at most this size.</summary>
    private const long JournalSizeLimitBytes = 64L * 1024 * 1024;

    private readonly SqliteConnection _connection;
    /// <summary>WAL frames (about 4 KiB each) that trigger a restarting checkpoint: rare enough that its wait for the writer is rare.</summary>
    private const long RestartFrames = 16384;

    /// <summary>Passive checkpoints between two restarting ones when the WAL stays under <see cref="RestartFrames"/>.</summary>
    private const int PassivePerRestart = 20;

    private readonly SqliteCommand _checkpoint;
    private readonly SqliteCommand _restart;
    private int _passiveRuns;
    private readonly Timer _timer;
    private readonly Lock _gate = new();
    private bool _disposed;

    public SqliteWalCheckpointer(SqliteDatabase database, SqliteConnection writer, TimeSpan interval)
    {
        using (var command = writer.CreateCommand())
        {
            command.CommandText = $"PRAGMA wal_autocheckpoint = 0; PRAGMA journal_size_limit = {JournalSizeLimitBytes};";
            command.ExecuteNonQuery();
        }

        _connection = database.OpenWriteConnection();
        _checkpoint = _connection.CreateCommand();
        _checkpoint.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
        _checkpoint.Prepare();
        _restart = _connection.CreateCommand();
        _restart.CommandText = "PRAGMA wal_checkpoint(RESTART);";
        _restart.Prepare();
        _timer = new Timer(_ => Checkpoint(), null, interval, interval);
    }

    /// <summary>Checkpoints now (also used by tests); a checkpoint still running is not doubled.</summary>
    public void Checkpoint()
    {
        if (!_gate.TryEnter())
        {
            return;
        }

        try
        {
            if (!_disposed)
            {
                // The pragma answers (busy, frames in the WAL, frames checkpointed).
                long frames;
                using (var result = _checkpoint.ExecuteReader())
                {
                    frames = result.Read() ? result.GetInt64(1) : 0;
                }

                if (frames > 0 && (frames >= RestartFrames || ++_passiveRuns >= PassivePerRestart))
                {
                    _passiveRuns = 0;
                    _restart.ExecuteNonQuery();
                }
            }
        }
        catch (SqliteException)
        {
            // A checkpoint that could not run now (another process checkpointing, disk busy) runs next interval.
        }
        finally
        {
            _gate.Exit();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _timer.DisposeAsync().ConfigureAwait(false);
        Checkpoint();
        lock (_gate)
        {
            _disposed = true;
            _checkpoint.Dispose();
            _restart.Dispose();
            _connection.Dispose();
        }
    }
}
