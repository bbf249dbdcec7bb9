using Tollgate.Core.Ledger;
using Tollgate.Storage.Embedded.Sqlite;

namespace Tollgate.Storage.Embedded.Ledger;

/// <summary>
/// The ledger on SQLite, with group commit led by the callers themselves. A write joins the queue; if no commit
/// is running, its caller commits everything queued (its own row included) on its own thread, so a lone request
/// pays one SQLite commit and no thread hand-off. Writes that arrive during a commit wait for the next one,
/// which a pool thread runs, so many concurrent requests share each commit and no caller commits for others
/// for long. A caller's await ends only once its row is committed (in the WAL with <c>synchronous=NORMAL</c>,
/// so it survives a process crash). Checkpoints run on their own connection, off the commit path. Reads
/// (<see cref="LedgerReader"/>) use their own connections and run beside the writer. Pending rows, and settled rows
/// written <see cref="LedgerDurability.ProcessCrashSafe"/>, go to the <see cref="LedgerIntentJournal"/> on the caller's
/// thread instead; the latter are then committed off the caller's path.
/// </summary>
internal sealed partial class SqliteLedgerStore : ILedgerStore, IAsyncDisposable
{
    private static readonly TimeSpan CheckpointInterval = TimeSpan.FromMilliseconds(100);
    private readonly Lock _gate = new();
    private readonly LedgerBatchCommitter _committer;
    private readonly SqliteWalCheckpointer _checkpointer;
    private readonly LedgerReader _reader;
    private readonly LedgerIntentJournal _journal;
    private readonly int _maxBatchSize;
    private readonly WaitCallback _commitOnPool;
    private readonly bool _fullSync;
    private List<LedgerWrite> _queue = [];
    private List<LedgerWrite> _spare = [];
    private bool _committing;
    private bool _closed;

    /// <summary>Journalled settled rows queued or being committed (guarded by <c>_gate</c>; read without it by readers).</summary>
    private int _journalledToCommit;
    private TaskCompletionSource? _drained;
    private int _disposed;

    public SqliteLedgerStore(SqliteDatabase database)
    {
        _maxBatchSize = database.Options.MaxWriteBatchSize;
        _fullSync = database.Options.Synchronous == SqliteSynchronousMode.Full;
        // Opened here so a database that cannot be opened fails the caller at once.
        var connection = database.OpenWriteConnection();
        _committer = new LedgerBatchCommitter(connection, database.Options.BusyTimeout);
        _checkpointer = new SqliteWalCheckpointer(database, connection, CheckpointInterval);
        _journal = new LedgerIntentJournal(Path.GetDirectoryName(database.Path)!);
        _reader = new LedgerReader(new SqliteReadPool(database), _journal);
        _commitOnPool = _ => CommitQueued(callerWrite: null);
    }

    /// <summary>Transactions the writer has committed.</summary>
    internal long Commits => _committer.Commits;

    /// <inheritdoc />
    /// <remarks>
    /// A pending row goes to the intent journal (one file write, done when this returns); any other row is
    /// committed to SQLite. Cancellation stops the wait, not the write: once queued, the row is committed regardless.
    /// </remarks>
    public ValueTask WriteAsync(LedgerEntry entry, CancellationToken cancellationToken = default) =>
        WriteAsync(entry, LedgerDurability.Committed, cancellationToken);

    /// <inheritdoc />
    /// <remarks>
    /// <see cref="LedgerDurability.ProcessCrashSafe"/>: the row is appended to the intent journal (one file write on the
    /// caller's thread, in the operating system's page cache when this returns, as a WAL frame committed with
    /// <c>synchronous=NORMAL</c> is) and queued for a pool thread to commit with whatever else is queued; once
    /// committed, the journal forgets it. Reads of this store wait for that commit (see <see cref="GetAsync"/>). A row
    /// the tables' constraints would refuse is refused here (<see cref="ArgumentException"/>). With
    /// <c>synchronous=FULL</c> the journal, which is never fsynced, would not survive a power cut as the committed row
    /// does, so there the row is committed before this returns, as with <see cref="LedgerDurability.Committed"/>.
    /// </remarks>
    public ValueTask WriteAsync(LedgerEntry entry, LedgerDurability durability, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentException.ThrowIfNullOrEmpty(entry.RequestId, nameof(entry));
        if (entry.IsPending)
        {
            lock (_gate)
            {
                if (_closed)
                {
                    throw new ObjectDisposedException(nameof(SqliteLedgerStore), "The ledger store is closed.");
                }
            }

            _journal.Append(entry);
            return ValueTask.CompletedTask;
        }

        if (durability == LedgerDurability.ProcessCrashSafe && !_fullSync)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return ValueTask.FromCanceled(cancellationToken);
            }

            JournalThenCommit(entry);
            return ValueTask.CompletedTask;
        }

        return new ValueTask(Enqueue(LedgerWrite.Upsert(entry), cancellationToken));
    }

    /// <inheritdoc />
    /// <remarks>
    /// Call it at start, before any write of this run: every intent still open (from the journal files of earlier
    /// runs, and of this run) without a settled row becomes an interrupted row, and pending rows are marked. A
    /// journalled settled row without its row in the database is inserted as it is (and not counted).
    /// </remarks>
    public async ValueTask<int> RecoverInterruptedAsync(CancellationToken cancellationToken = default)
    {
        var open = _journal.TakeAll();
        var interrupted = new List<Task<int>>(open.Count + 1);
        var settled = new List<Task<int>>();
        foreach (var entry in open)
        {
            if (entry.IsPending)
            {
                interrupted.Add(Enqueue(LedgerWrite.InsertIfAbsent(entry with { ErrorType = Core.Exchange.ErrorTypes.GatewayInterrupted }), cancellationToken));
            }
            else
            {
                settled.Add(Enqueue(LedgerWrite.InsertIfAbsent(entry), cancellationToken));
            }
        }

        interrupted.Add(Enqueue(LedgerWrite.RecoverInterrupted(), cancellationToken));
        await Task.WhenAll(settled).ConfigureAwait(false);
        var counts = await Task.WhenAll(interrupted).ConfigureAwait(false);
        return counts.Sum();
    }

    /// <summary>Completes once every write queued before the call is committed (or has failed).</summary>
    public ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return new ValueTask((_drained?.Task ?? Task.CompletedTask).WaitAsync(cancellationToken));
            }
        }

        return new ValueTask(Enqueue(LedgerWrite.Flush(), cancellationToken));
    }

    /// <summary>Stops taking writes, commits every queued one, then closes the connections.</summary>
    public async ValueTask DisposeAsync()
    {
        Task drained;
        lock (_gate)
        {
            if (_drained is null)
            {
                _closed = true;
                _drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                if (!_committing)
                {
                    _drained.SetResult();
                }
            }

            drained = _drained.Task;
        }

        await drained.ConfigureAwait(false);
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _checkpointer.DisposeAsync().ConfigureAwait(false);
        _committer.Dispose();
        _journal.Dispose();
        _reader.Dispose();
    }

    /// <summary>Journals a settled row (durable against a process crash on return) and queues it for a pool thread to commit.</summary>
    private void JournalThenCommit(LedgerEntry entry)
    {
        LedgerRowCheck.ThrowIfRefused(entry);
        var line = LedgerIntentJournal.Serialize(entry);
        var write = LedgerWrite.JournalledUpsert(entry);
        lock (_gate)
        {
            // Journalled and queued under one lock, so that a store closing meanwhile either commits the row or never took it.
            if (_closed)
            {
                throw new ObjectDisposedException(nameof(SqliteLedgerStore), "The ledger store is closed.");
            }

            _journal.Append(entry, line);
            _queue.Add(write);
            _journalledToCommit++;
            if (_committing)
            {
                return;
            }

            _committing = true;
        }

        ThreadPool.UnsafeQueueUserWorkItem(_commitOnPool, null);
    }

    private Task<int> Enqueue(LedgerWrite write, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<int>(cancellationToken);
        }

        lock (_gate)
        {
            if (_closed)
            {
                return Task.FromException<int>(new ObjectDisposedException(nameof(SqliteLedgerStore), "The ledger store is closed."));
            }

            _queue.Add(write);
            if (_committing)
            {
                // A commit is running; the next one takes this write.
                return cancellationToken.CanBeCanceled ? write.Task.WaitAsync(cancellationToken) : write.Task;
            }

            _committing = true;
        }

        CommitQueued(write);
        return cancellationToken.CanBeCanceled ? write.Task.WaitAsync(cancellationToken) : write.Task;
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
