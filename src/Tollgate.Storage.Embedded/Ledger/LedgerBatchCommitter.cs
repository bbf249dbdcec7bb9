using Microsoft.Data.Sqlite;
using SQLitePCL;
using Tollgate.Core.Exchange;
using Tollgate.Core.Ledger;
using Tollgate.Storage.Embedded.Ledger.Rollup;

namespace Tollgate.Storage.Embedded.Ledger;

/// <summary>
/// The writer connection and its prepared statements. Commits a batch of writes in one transaction: a write
/// that fails (a constraint, say) fails alone, the others still commit; a failed commit fails the batch.
/// Used by one committing thread at a time.
/// </summary>
internal sealed class LedgerBatchCommitter : IDisposable
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
        _recover = Prepare(LedgerTable.RecoverInterrupted);
        _upsert = new LedgerRowStatement(connection, LedgerTable.Upsert);
        _insertIfAbsent = new LedgerRowStatement(connection, LedgerTable.InsertIfAbsent);
        _details = new LedgerDetailStatements(connection);
        _savepoint = PrepareRaw("SAVEPOINT ledger_row;");
        _releaseSavepoint = PrepareRaw("RELEASE ledger_row;");
        _rollbackToSavepoint = PrepareRaw("ROLLBACK TO ledger_row;");
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

        _rollup.Begin();
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

        try
        {
            // The rollup's sums of the rows that went in, in their transaction: both commit, or neither.
            _rollup.Flush();
        }
        catch (Exception exception)
        {
            TryRollback();
            FailAll(batch, exception);
            return true;
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
                // A settled row rewritten (a background response's final usage, say) is taken back as it was counted.
                var replaced = _rollup.SettledRow(write.Entry!.RequestId);
                var changed = WriteRow(_upsert, write.Entry);
                if (replaced is not null)
                {
                    _rollup.Count(replaced, -1);
                }

                _rollup.Count(write.Entry, 1);
                return changed;
            }

            case LedgerWriteKind.InsertIfAbsent:
            {
                var changed = WriteRow(_insertIfAbsent, write.Entry!);
                if (changed != 0)
                {
                    _rollup.Count(write.Entry!, 1);
                }

                return changed;
            }

            case LedgerWriteKind.RecoverInterrupted:
            {
                // The interrupted rows settle here, and count from now on.
                var pending = _rollup.PendingRows();
                var changed = _recover.ExecuteNonQuery();
                foreach (var row in pending)
                {
                    _rollup.Count(row with { ErrorType = ErrorTypes.GatewayInterrupted }, 1);
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
            return statement.Execute(entry);
        }

        CheckStep(_savepoint);
        try
        {
            var changed = statement.Execute(entry);
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
