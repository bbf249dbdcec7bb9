using Microsoft.Data.Sqlite;
using SQLitePCL;
using Tollgate.Core.Exchange;
using Tollgate.Core.Ledger;
using Tollgate.Storage.Embedded.Ledger.Rollup;

namespace Tollgate.Storage.Embedded.Ledger;

/// <summary>
/// The writer connection and its prepared statements. Commits a batch of writes in one transaction: a write
/// that fails (a constraint, say) fails alone, the others still commit; a failed commit fails the batch. Each batch
/// stamps its rows with the next commit sequence number; what they add to the hourly rollup is summed in memory once
/// the batch has committed, and written by <see cref="FlushRollup"/> (see LedgerBatchCommitter.Rollup.cs).
/// Used by one committing thread at a time.
/// </summary>
internal sealed partial class LedgerBatchCommitter : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly sqlite3_stmt _begin;
    private readonly sqlite3_stmt _commit;
    private readonly int _busyTimeoutMs;
    private readonly SqliteCommand _rollback;
    private readonly LedgerRowStatement _upsert;
    private readonly SqliteCommand _recover;
    private readonly LedgerRowStatement _insertIfAbsent;
    private readonly LedgerDetailStatements _details;
    private readonly sqlite3_stmt _savepoint;
    private readonly sqlite3_stmt _releaseSavepoint;
    private readonly sqlite3_stmt _rollbackToSavepoint;
    private readonly LedgerRollupWriter _rollup;

    public LedgerBatchCommitter(SqliteConnection connection, TimeSpan busyTimeout)
    {
        _busyTimeoutMs = (int)Math.Ceiling(busyTimeout.TotalMilliseconds);
        _connection = connection;
        // Plain BEGIN/COMMIT statements rather than SqliteTransaction, so the prepared upsert is reused as is.
        // IMMEDIATE takes the write lock up front (waiting up to busy_timeout for another process) instead of
        // failing half-way when a deferred transaction has to upgrade.
        // Prepared once and stepped through SQLite's C API: these two run on every commit of every request.
        _begin = PrepareRaw("BEGIN IMMEDIATE;");
        _commit = PrepareRaw("COMMIT;");
        _rollback = Prepare("ROLLBACK;");
        _recover = connection.CreateCommand();
        _recover.CommandText = LedgerTable.RecoverInterrupted;
        _recover.Parameters.Add(new SqliteParameter("$commit_seq", DBNull.Value));
        _recover.Prepare();
        _upsert = new LedgerRowStatement(connection, LedgerTable.Upsert);
        _insertIfAbsent = new LedgerRowStatement(connection, LedgerTable.InsertIfAbsent);
        _details = new LedgerDetailStatements(connection);
        _savepoint = PrepareRaw("SAVEPOINT ledger_row;");
        _releaseSavepoint = PrepareRaw("RELEASE ledger_row;");
        _rollbackToSavepoint = PrepareRaw("ROLLBACK TO ledger_row;");
        _rewriteSavepoint = PrepareRaw("SAVEPOINT ledger_rewrite;");
        _releaseRewrite = PrepareRaw("RELEASE ledger_rewrite;");
        _rollbackToRewrite = PrepareRaw("ROLLBACK TO ledger_rewrite;");
        _rollup = new LedgerRollupWriter(connection);
    }

    private long _commits;

    /// <summary>Transactions committed so far (tests use it to see group commit at work).</summary>
    public long Commits => Interlocked.Read(ref _commits);

    /// <summary>
    /// Commits a batch. With <paramref name="waitForLock"/> false, returns false at once (completing nothing)
    /// when another connection holds the write lock, so a caller's thread never sleeps on SQLite's busy wait.
    /// </summary>
    public bool Commit(List<LedgerWrite> batch, bool waitForLock)
    {
        // The rollup's flush writes on this connection between batches: a caller's thread does not wait for it either.
        if (waitForLock)
        {
            _lock.Enter();
        }
        else if (!_lock.TryEnter())
        {
            return false;
        }

        try
        {
            return _closed ? FailClosed(batch) : CommitLocked(batch, waitForLock);
        }
        finally
        {
            _lock.Exit();
        }
    }

    private bool CommitLocked(List<LedgerWrite> batch, bool waitForLock)
    {
        if (!waitForLock)
        {
            // Ask once, without SQLite's busy wait: another process holding the lock sends the batch elsewhere.
            raw.sqlite3_busy_timeout(_connection.Handle, 0);
        }

        int rc;
        try
        {
            rc = Step(_begin);
        }
        finally
        {
            if (!waitForLock)
            {
                raw.sqlite3_busy_timeout(_connection.Handle, _busyTimeoutMs);
            }
        }

        if (!waitForLock && rc is raw.SQLITE_BUSY or raw.SQLITE_LOCKED)
        {
            return false;
        }

        if (rc != raw.SQLITE_DONE)
        {
            FailAll(batch, Error(rc));
            return true;
        }

        try
        {
            BeginBatch();
        }
        catch (Exception exception)
        {
            TryRollback();
            FailAll(batch, exception);
            return true;
        }

        foreach (var write in batch)
        {
            try
            {
                write.RowsChanged = Apply(write);
            }
            catch (Exception exception)
            {
                write.Failure = exception;
                if (!InTransaction)
                {
                    // Some errors (disk full, I/O) make SQLite roll the whole transaction back: nothing of it stands.
                    FailAll(batch, exception);
                    return true;
                }
            }
        }

        var committed = Step(_commit);
        if (committed != raw.SQLITE_DONE)
        {
            var exception = Error(committed);
            TryRollback();
            FailAll(batch, exception);
            return true;
        }

        Interlocked.Increment(ref _commits);
        Committed(batch);

        foreach (var write in batch)
        {
            if (write.Failure is { } failure)
            {
                write.TrySetException(failure);
            }
            else
            {
                write.TrySetResult(write.RowsChanged);
            }
        }

        return true;
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _closed = true;
        }

        _begin.Dispose();
        _commit.Dispose();
        _rollback.Dispose();
        _upsert.Dispose();
        _recover.Dispose();
        _insertIfAbsent.Dispose();
        _details.Dispose();
        _savepoint.Dispose();
        _releaseSavepoint.Dispose();
        _rollbackToSavepoint.Dispose();
        _rewriteSavepoint.Dispose();
        _releaseRewrite.Dispose();
        _rollbackToRewrite.Dispose();
        _rollup.Dispose();
        _connection.Dispose();
    }

    private bool InTransaction => raw.sqlite3_get_autocommit(_connection.Handle) == 0;

    private int Apply(LedgerWrite write)
    {
        switch (write.Kind)
        {
            case LedgerWriteKind.Upsert:
            {
                // Most rows are new: inserted as they are. A request that has a row already (a background response's
                // final usage, say) takes the rare way, which takes the old row out of the rollup.
                var inserted = WriteRow(_insertIfAbsent, write.Entry!);
                return inserted != 0 ? inserted : Rewrite(write.Entry!);
            }

            case LedgerWriteKind.InsertIfAbsent:
                return WriteRow(_insertIfAbsent, write.Entry!);

            case LedgerWriteKind.RecoverInterrupted:
            {
                // The interrupted rows settle here, and count from now on.
                var pending = _rollup.PendingRows();
                _recover.Parameters[0].Value = _batchSeq;
                var changed = _recover.ExecuteNonQuery();
                foreach (var row in pending)
                {
                    _batchExtras.Add((row with { ErrorType = ErrorTypes.GatewayInterrupted }, 1));
                }

                return changed;
            }

            default:
                return 0;
        }
    }

    /// <summary>
    /// Writes a row, and its savings and attempt records when it has any. A plain row is one statement, as before
    /// the detail tables existed. A row with details is written under a savepoint, so that a detail that fails
    /// takes its row with it while the rest of the batch still commits: a row is never kept without its details.
    /// </summary>
    private int WriteRow(LedgerRowStatement statement, LedgerEntry entry)
    {
        if (!LedgerDetailStatements.Has(entry))
        {
            return statement.Execute(entry, _batchSeq);
        }

        CheckStep(_savepoint);
        try
        {
            var changed = statement.Execute(entry, _batchSeq);
            if (changed != 0)
            {
                _details.Write(entry);
            }

            CheckStep(_releaseSavepoint);
            return changed;
        }
        catch
        {
            if (InTransaction)
            {
                // Undo the row and whatever details went in; the savepoint is then released, leaving the batch's transaction.
                Step(_rollbackToSavepoint);
                Step(_releaseSavepoint);
            }

            throw;
        }
    }

    private void CheckStep(sqlite3_stmt statement)
    {
        var rc = Step(statement);
        if (rc != raw.SQLITE_DONE)
        {
            throw Error(rc);
        }
    }

    private void TryRollback()
    {
        if (!InTransaction)
        {
            return;
        }

        try
        {
            _rollback.ExecuteNonQuery();
        }
        catch (SqliteException)
        {
            // The batch already failed; the next BEGIN reports a connection that is truly broken.
        }
    }

    private static void FailAll(List<LedgerWrite> batch, Exception exception)
    {
        foreach (var write in batch)
        {
            write.TrySetException(write.Failure ?? exception);
        }
    }

    private static int Step(sqlite3_stmt statement)
    {
        var rc = raw.sqlite3_step(statement);
        raw.sqlite3_reset(statement);
        return rc;
    }

    private SqliteException Error(int rc) =>
        new(raw.sqlite3_errmsg(_connection.Handle).utf8_to_string(), rc, raw.sqlite3_extended_errcode(_connection.Handle));

    private sqlite3_stmt PrepareRaw(string sql)
    {
        var rc = raw.sqlite3_prepare_v2(_connection.Handle, sql, out var statement);
        return rc == raw.SQLITE_OK ? statement : throw Error(rc);
    }

    private SqliteCommand Prepare(string sql)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Prepare();
        return command;
    }
}
