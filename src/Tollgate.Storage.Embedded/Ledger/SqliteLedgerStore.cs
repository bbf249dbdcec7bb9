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
/// (<see cref="LedgerReader"/>) use their own connections and run beside the writer.
/// </summary>
internal sealed class SqliteLedgerStore : ILedgerStore, IAsyncDisposable
{
    private static readonly TimeSpan CheckpointInterval = TimeSpan.FromMilliseconds(100);
    private readonly Lock _gate = new();
    private readonly LedgerBatchCommitter _committer;
    private readonly SqliteWalCheckpointer _checkpointer;
    private readonly LedgerReader _reader;
    private readonly LedgerIntentJournal _journal;
    private readonly int _maxBatchSize;
    private readonly WaitCallback _commitOnPool;
    private List<LedgerWrite> _queue = [];
    private List<LedgerWrite> _spare = [];
    private bool _committing;
    private bool _closed;
    private TaskCompletionSource? _drained;
    private int _disposed;

    public SqliteLedgerStore(SqliteDatabase database)
    {
        _maxBatchSize = database.Options.MaxWriteBatchSize;
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
    public ValueTask WriteAsync(LedgerEntry entry, CancellationToken cancellationToken = default)
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

        return new ValueTask(Enqueue(LedgerWrite.Upsert(entry), cancellationToken));
    }

    /// <inheritdoc />
    /// <remarks>
    /// Call it at start, before any write of this run: every intent still open (from the journal files of earlier
    /// runs, and of this run) without a settled row becomes an interrupted row, and pending rows are marked.
    /// </remarks>
    public async ValueTask<int> RecoverInterruptedAsync(CancellationToken cancellationToken = default)
    {
        var intents = _journal.TakeAll();
        var writes = new Task<int>[intents.Count + 1];
        for (var i = 0; i < intents.Count; i++)
        {
            writes[i] = Enqueue(LedgerWrite.InsertIfAbsent(intents[i] with { ErrorType = Core.Exchange.ErrorTypes.GatewayInterrupted }), cancellationToken);
        }

        writes[^1] = Enqueue(LedgerWrite.RecoverInterrupted(), cancellationToken);
        var counts = await Task.WhenAll(writes).ConfigureAwait(false);
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

    /// <inheritdoc />
    public ValueTask<LedgerEntry?> GetAsync(string requestId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requestId);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(_reader.Get(requestId));
    }

    /// <inheritdoc />
    public ValueTask<SpendReport> GetSpendAsync(SpendQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(_reader.Spend(query));
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<UnpricedModel>> GetUnpricedModelsAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(_reader.UnpricedModels());
    }

    /// <inheritdoc />
    public ValueTask<long> CountAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(_reader.Count());
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
            if (committed)
            {
                ForgetSettledIntents(batch);
            }

            lock (_gate)
            {
                if (!committed)
                {
                    batch.AddRange(_queue);
                    (_queue, batch) = (batch, _queue);
                    ThreadPool.UnsafeQueueUserWorkItem(_commitOnPool, null);
                    return;
                }

                batch.Clear();
                _spare = batch;
            }
        }
    }

    private void ForgetSettledIntents(List<LedgerWrite> batch)
    {
        foreach (var write in batch)
        {
            if (write.Kind == LedgerWriteKind.Upsert && write.Failure is null && write.Task.IsCompletedSuccessfully)
            {
                _journal.Settled(write.Entry!.RequestId);
            }
        }
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
