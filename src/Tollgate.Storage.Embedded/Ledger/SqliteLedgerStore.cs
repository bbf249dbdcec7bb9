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

    /// <summary>
    /// How long a journalled row may wait for its commit: rows journalled meanwhile share it. A hit's row is already
    /// safe in the journal, so committing one transaction per few milliseconds instead of one per hit takes the
    /// commit's work (and a pool thread's wake-up) off the cores that answer requests; any other write or a read
    /// commits the queue at once.
    /// </summary>
    private static readonly TimeSpan JournalledCommitDelay = TimeSpan.FromMilliseconds(2);
    private readonly Lock _gate = new();
    private readonly LedgerBatchCommitter _committer;
    private readonly SqliteWalCheckpointer _checkpointer;
    private readonly LedgerReader _reader;
    private readonly LedgerIntentJournal _journal;
    private readonly int _maxBatchSize;
    private readonly WaitCallback _commitOnPool;
    private readonly ITimer _journalledCommitTimer;
    private readonly ITimer _rollupTimer;
    private readonly bool _fullSync;
    private List<LedgerWrite> _queue = [];
    private List<LedgerWrite> _spare = [];
    private bool _committing;
    private bool _timerArmed;
    private bool _closed;

    /// <summary>Journalled settled rows queued or being committed (guarded by <c>_gate</c>; read without it by readers).</summary>
    private int _journalledToCommit;
    private TaskCompletionSource? _drained;
    private int _disposed;

    /// <param name="database">The database.</param>
    /// <param name="commitTimer">The clock of the journalled rows' commit timer and of the rollup's flush (tests drive it; the system's otherwise).</param>
    public SqliteLedgerStore(SqliteDatabase database, TimeProvider? commitTimer = null)
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
        _journalledCommitTimer = (commitTimer ?? TimeProvider.System).CreateTimer(
            static state => ((SqliteLedgerStore)state!).CommitJournalled(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        var flushEvery = database.Options.RollupFlushInterval;
        _rollupTimer = (commitTimer ?? TimeProvider.System).CreateTimer(
            static state => ((SqliteLedgerStore)state!).FlushRollupOnTimer(), this, flushEvery, flushEvery);
    }

    /// <summary>
    /// Whether the spend report, the timeline and the token histogram read the hourly rollup and the costliest requests of a
    /// long period walk the cost index (the default), or every row is read (the tests compare the two).
    /// </summary>
    internal bool ReadsRollup
    {
        get => _reader.ReadsRollup;
        set => _reader.ReadsRollup = value;
    }

    /// <summary>
    /// Writes what the committed rows add to the hourly rollup and moves its watermark (the timer does it every
    /// <see cref="EmbeddedStorageOptions.RollupFlushInterval"/>, and closing the store once more). Reads are exact either way.
    /// </summary>
    internal bool FlushRollup() => _committer.FlushRollup();

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
                if (!_committing && _queue.Count > 0)
                {
                    // Journalled rows waiting for the timer: commit them now rather than leave them to the next start.
                    _committing = true;
                    ThreadPool.UnsafeQueueUserWorkItem(_commitOnPool, null);
                }
                else if (!_committing)
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

        await _journalledCommitTimer.DisposeAsync().ConfigureAwait(false);
        await _rollupTimer.DisposeAsync().ConfigureAwait(false);
        FlushRollupQuietly();
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
            if (_committing || _timerArmed)
            {
                return;
            }

            // Armed under the lock, so that a store closing meanwhile never sees a disposed timer re-armed.
            _timerArmed = true;
            _journalledCommitTimer.Change(JournalledCommitDelay, Timeout.InfiniteTimeSpan);
        }
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
}
