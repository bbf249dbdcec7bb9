using System.Globalization;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Tollgate.Core.Ledger;
using Tollgate.Storage.Embedded.Sqlite;

namespace Tollgate.Storage.Embedded.Ledger;

/// <summary>
/// The ledger on SQLite, with group commit. Callers queue writes on a channel; one writer thread takes every
/// write waiting, commits them in one transaction with a prepared statement, then completes their tasks. A
/// caller's await therefore ends only once its row is committed (in the WAL with <c>synchronous=NORMAL</c>,
/// so it survives a process crash), while many concurrent requests share each commit. Reads use their own
/// connections and run beside the writer.
/// </summary>
internal sealed class SqliteLedgerStore : ILedgerStore, IAsyncDisposable
{
    private readonly Channel<LedgerWrite> _queue = Channel.CreateUnbounded<LedgerWrite>(new UnboundedChannelOptions
    {
        SingleReader = true,
        SingleWriter = false,
        AllowSynchronousContinuations = false,
    });

    private readonly LedgerBatchCommitter _committer;
    private readonly SqliteReadPool _readers;
    private readonly int _maxBatchSize;
    private readonly Task _writer;
    private int _disposed;

    public SqliteLedgerStore(SqliteDatabase database)
    {
        _maxBatchSize = database.Options.MaxWriteBatchSize;
        // Opened here, not on the writer thread, so a database that cannot be opened fails the caller at once.
        _committer = new LedgerBatchCommitter(database.OpenWriteConnection());
        _readers = new SqliteReadPool(database);
        // SQLite calls block; a dedicated thread keeps them off the thread pool.
        _writer = Task.Factory.StartNew(
            RunWriter,
            CancellationToken.None,
            TaskCreationOptions.LongRunning | TaskCreationOptions.DenyChildAttach,
            TaskScheduler.Default);
    }

    /// <summary>Transactions the writer has committed.</summary>
    internal long Commits => _committer.Commits;

    /// <inheritdoc />
    /// <remarks>Cancellation stops the wait, not the write: once queued, the row is committed regardless.</remarks>
    public ValueTask WriteAsync(LedgerEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentException.ThrowIfNullOrEmpty(entry.RequestId, nameof(entry));
        return new ValueTask(Enqueue(LedgerWrite.Upsert(entry), cancellationToken));
    }

    /// <inheritdoc />
    /// <remarks>Call it at start, before any write of this run: it marks every pending row, whoever wrote it.</remarks>
    public ValueTask<int> RecoverInterruptedAsync(CancellationToken cancellationToken = default) =>
        new(Enqueue(LedgerWrite.RecoverInterrupted(), cancellationToken));

    /// <summary>Completes once every write queued before the call is committed (or has failed).</summary>
    public ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        var flush = LedgerWrite.Flush();
        if (!_queue.Writer.TryWrite(flush))
        {
            // Disposing: the writer drains everything queued before it stops.
            return new ValueTask(_writer.WaitAsync(cancellationToken));
        }

        return new ValueTask(cancellationToken.CanBeCanceled ? flush.Task.WaitAsync(cancellationToken) : flush.Task);
    }

    /// <inheritdoc />
    public ValueTask<LedgerEntry?> GetAsync(string requestId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requestId);
        cancellationToken.ThrowIfCancellationRequested();
        var connection = _readers.Rent();
        try
        {
            var command = connection.Command(LedgerTable.SelectByRequestId, "$request_id");
            command.Parameters[0].Value = requestId;
            using var row = command.ExecuteReader();
            return ValueTask.FromResult(row.Read() ? LedgerTable.Read(row) : null);
        }
        finally
        {
            _readers.Return(connection);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<SpendRow>> GetSpendAsync(SpendGrouping groupBy, DateTimeOffset? since, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var sql = LedgerSpendQuery.For(groupBy, since.HasValue);
        var connection = _readers.Rent();
        try
        {
            var command = connection.Command(sql, "$since");
            command.Parameters[0].Value = SqliteTimestamp.ToParameter(since);
            var rows = new List<SpendRow>();
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    rows.Add(LedgerSpendQuery.Read(reader));
                }
            }

            // Ordered here: the SQL sums are decimal text, which would sort as text.
            rows.Sort(LedgerSpendQuery.LargestCostFirst);
            return ValueTask.FromResult<IReadOnlyList<SpendRow>>(rows);
        }
        finally
        {
            _readers.Return(connection);
        }
    }

    /// <inheritdoc />
    public ValueTask<long> CountAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var connection = _readers.Rent();
        try
        {
            var count = connection.Command(LedgerTable.Count).ExecuteScalar();
            return ValueTask.FromResult(Convert.ToInt64(count, CultureInfo.InvariantCulture));
        }
        finally
        {
            _readers.Return(connection);
        }
    }

    /// <summary>Stops taking writes, commits every queued one, then closes the connections.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            await _writer.ConfigureAwait(false);
            return;
        }

        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
        _readers.Dispose();
    }

    private Task<int> Enqueue(LedgerWrite write, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<int>(cancellationToken);
        }

        if (!_queue.Writer.TryWrite(write))
        {
            return Task.FromException<int>(new ObjectDisposedException(nameof(SqliteLedgerStore), "The ledger store is closed."));
        }

        return cancellationToken.CanBeCanceled ? write.Task.WaitAsync(cancellationToken) : write.Task;
    }

    private void RunWriter()
    {
        var reader = _queue.Reader;
        var batch = new List<LedgerWrite>(Math.Min(_maxBatchSize, 1024));
        try
        {
            while (WaitForWrites(reader))
            {
                while (batch.Count < _maxBatchSize && reader.TryRead(out var write))
                {
                    batch.Add(write);
                }

                _committer.Commit(batch);
                batch.Clear();
            }
        }
        finally
        {
            _committer.Dispose();
        }
    }

    private static bool WaitForWrites(ChannelReader<LedgerWrite> reader)
    {
        var wait = reader.WaitToReadAsync();
        return wait.IsCompletedSuccessfully ? wait.Result : wait.AsTask().GetAwaiter().GetResult();
    }
}
