using Tollgate.Storage.Embedded.Sqlite;

namespace Tollgate.Storage.Embedded.Ledger;

/// <summary>The ledger store's commit loop: who commits the queue, in which batches, and what a commit releases.</summary>
internal sealed partial class SqliteLedgerStore
{
    /// <summary>The rollup timer's turn (see <see cref="LedgerBatchCommitter.FlushRollup"/>).</summary>
    private void FlushRollupOnTimer() => FlushRollupQuietly();

    /// <summary>Flushes the rollup; a flush that fails (the lock held too long by another process, a full disk) is retried at the next turn, and reads stay exact meanwhile.</summary>
    private void FlushRollupQuietly()
    {
        try
        {
            _committer.FlushRollup();
        }
        catch (Exception exception) when (exception is Microsoft.Data.Sqlite.SqliteException or InvalidOperationException or ObjectDisposedException)
        {
            // Nothing of it was written: the rows above the watermark are still read as rows.
        }
    }

    /// <summary>The timer's turn: commits what is queued unless a commit is running (which takes it anyway).</summary>
    private void CommitJournalled()
    {
        lock (_gate)
        {
            _timerArmed = false;
            if (_committing || _queue.Count == 0)
            {
                return;
            }

            _committing = true;
        }

        CommitQueued(callerWrite: null);
    }

    /// <summary>
    /// Commits what is queued. Run by the caller whose write found no commit running (once, then later writes
    /// move to a pool thread) or by a pool thread (until the queue is empty).
    /// </summary>
    private void CommitQueued(LedgerWrite? callerWrite)
    {
        while (true)
        {
            List<LedgerWrite> batch;
            lock (_gate)
            {
                if (_queue.Count == 0)
                {
                    StopCommitting();
                    return;
                }

                if (callerWrite is not null && callerWrite.Task.IsCompleted)
                {
                    // The caller's own row is in; later writes are not its to wait for.
                    ThreadPool.UnsafeQueueUserWorkItem(_commitOnPool, null);
                    return;
                }

                batch = TakeBatch();
            }

            // On a caller's thread never sleep on another process's lock: hand the batch to a pool thread instead.
            var committed = _committer.Commit(batch, waitForLock: callerWrite is null);
            var journalled = committed ? ForgetCommittedLines(batch) : 0;
            lock (_gate)
            {
                if (!committed)
                {
                    batch.AddRange(_queue);
                    (_queue, batch) = (batch, _queue);
                    ThreadPool.UnsafeQueueUserWorkItem(_commitOnPool, null);
                    return;
                }

                _journalledToCommit -= journalled;
                batch.Clear();
                _spare = batch;
            }
        }
    }

    /// <summary>
    /// Forgets the journal lines the batch's committed rows supersede, and returns how many journalled rows the batch
    /// held. A journalled row the database refused (an I/O error, say) stays in the journal: the next start commits it.
    /// </summary>
    private int ForgetCommittedLines(List<LedgerWrite> batch)
    {
        var journalled = 0;
        foreach (var write in batch)
        {
            if (write.Kind != LedgerWriteKind.Upsert)
            {
                continue;
            }

            if (write.Task.IsCompletedSuccessfully)
            {
                _journal.Committed(write.Entry!);
            }
            else if (write.IsJournalled)
            {
                _ = write.Task.Exception; // nobody awaits a journalled row's commit: observed here, kept in the journal
            }

            journalled += write.IsJournalled ? 1 : 0;
        }

        return journalled;
    }

    private List<LedgerWrite> TakeBatch()
    {
        if (_queue.Count <= _maxBatchSize)
        {
            var batch = _queue;
            _queue = _spare;
            _spare = [];
            return batch;
        }

        var first = _queue.GetRange(0, _maxBatchSize);
        _queue.RemoveRange(0, _maxBatchSize);
        return first;
    }

    private void StopCommitting()
    {
        _committing = false;
        if (_closed)
        {
            _drained?.TrySetResult();
        }
    }
}
