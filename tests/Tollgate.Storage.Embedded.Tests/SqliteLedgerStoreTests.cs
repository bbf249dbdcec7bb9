using Microsoft.Data.Sqlite;
using Tollgate.Core.Feedback;
using Tollgate.Core.Ledger;
using Tollgate.Storage.Embedded.Feedback;
using Tollgate.Storage.Embedded.Ledger;
using Tollgate.Storage.Embedded.Sqlite;
using Tollgate.Testing;
using Tollgate.Testing.Contracts;

namespace Tollgate.Storage.Embedded.Tests;

public sealed class SqliteLedgerStoreTests : LedgerStoreContract
{
    private readonly TemporaryDirectory _directory = new();
    private readonly List<SqliteFeedbackStore> _feedbackStores = [];

    private string DatabasePath => Path.Combine(_directory.Path, EmbeddedStorage.DatabaseFileName);

    protected override ValueTask<ILedgerStore> OpenStoreAsync() => ValueTask.FromResult<ILedgerStore>(OpenSqliteStore());

    protected override ValueTask DeleteStorageAsync()
    {
        _feedbackStores.ForEach(store => store.Dispose());
        _directory.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Disposing_commits_every_queued_write()
    {
        var store = OpenSqliteStore();
        var writes = Enumerable.Range(0, 5_000).Select(i => store.WriteAsync(Settled($"req_{i}")).AsTask()).ToArray();

        await store.DisposeAsync();

        Assert.All(writes, write => Assert.True(write.IsCompletedSuccessfully));
        Assert.Equal(5_000, await Store.CountAsync());
    }

    [Fact]
    public async Task Flushing_waits_for_every_write_queued_before_it()
    {
        var store = (SqliteLedgerStore)Store;
        var writes = Enumerable.Range(0, 500).Select(i => store.WriteAsync(Settled($"req_{i}")).AsTask()).ToArray();

        await store.FlushAsync();

        Assert.All(writes, write => Assert.True(write.IsCompletedSuccessfully));
    }

    [Fact]
    public async Task Writing_to_a_disposed_store_fails()
    {
        var store = OpenSqliteStore();
        await store.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.WriteAsync(Settled("req_late")).AsTask());
    }

    [Fact]
    public async Task Writes_queued_while_another_process_holds_the_lock_wait_and_commit_together()
    {
        var store = (SqliteLedgerStore)Store;
        var commitsBefore = store.Commits;
        Task[] writes;
        using (var other = OpenRawConnection())
        {
            using var transaction = other.BeginTransaction(deferred: false);
            writes = Enumerable.Range(0, 200).Select(i => store.WriteAsync(Settled($"req_{i}")).AsTask()).ToArray();
            await Task.Delay(200);
            Assert.DoesNotContain(writes, write => write.IsCompleted);
            transaction.Commit();
        }

        await Task.WhenAll(writes);

        // The writer took what had arrived when it woke, waited on the lock, then took everything else at once.
        Assert.InRange(store.Commits - commitsBefore, 1, 2);
        Assert.Equal(200, await store.CountAsync());
    }

    [Fact]
    public async Task The_write_ahead_log_is_restarted_so_it_stays_small_under_one_commit_per_write()
    {
        var store = (SqliteLedgerStore)Store;
        for (var i = 0; i < 12_000; i++)
        {
            // One at a time: each write is its own commit, the worst case for WAL growth.
            await store.WriteAsync(Settled($"req_{i}"));
        }

        var wal = new FileInfo(DatabasePath + "-wal");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        do
        {
            await store.WriteAsync(Settled("req_nudge")); // the WAL starts over at the first commit after a restart
            await Task.Delay(50);
            wal.Refresh();
        }
        while (wal.Length > 72L * 1024 * 1024 && DateTime.UtcNow < deadline);

        // Without checkpoints 12,000 commits of several pages each would leave well over 150 MiB of WAL.
        Assert.True(wal.Length <= 72L * 1024 * 1024, $"WAL is {wal.Length} bytes");
        Assert.Equal(12_001, await store.CountAsync());
    }

    [Fact]
    public async Task A_caller_is_not_held_on_another_process_lock()
    {
        // A busy timeout far longer than the test: were the caller's own commit to wait on the lock, it would hang.
        await using var store = new SqliteLedgerStore(SqliteDatabase.Open(DatabasePath, new EmbeddedStorageOptions { BusyTimeout = TimeSpan.FromMinutes(10) }));
        Task write;
        using (var other = OpenRawConnection())
        {
            using var transaction = other.BeginTransaction(deferred: false);
            var call = Task.Factory.StartNew(() => store.WriteAsync(Settled("req_locked")).AsTask(), CancellationToken.None, TaskCreationOptions.None, TaskScheduler.Default);
            write = await call.WaitAsync(TimeSpan.FromSeconds(60));
            Assert.False(write.IsCompleted);
            transaction.Commit();
        }

        await write.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.NotNull(await store.GetAsync("req_locked"));
    }

    [Fact]
    public async Task A_failing_write_fails_alone_and_the_writer_keeps_going()
    {
        var store = (SqliteLedgerStore)Store;
        var before = store.WriteAsync(Settled("req_before")).AsTask();
        var broken = store.WriteAsync(Settled("req_broken") with { Endpoint = null! }).AsTask();
        var after = store.WriteAsync(Settled("req_after")).AsTask();

        await Assert.ThrowsAsync<SqliteException>(() => broken);
        await Task.WhenAll(before, after);
        await store.WriteAsync(Settled("req_later"));

        Assert.Equal(3, await store.CountAsync());
        Assert.Null(await store.GetAsync("req_broken"));
    }

    [Fact]
    public async Task Money_is_stored_as_exact_decimal_text()
    {
        await Store.WriteAsync(Settled("req_tiny") with { CostUsd = 0.000000123456789m, BaselineCostUsd = 0.0000010m });

        using var connection = OpenRawConnection();

        Assert.Equal(
            "text 0.000000123456789 text 0.0000010",
            Query(connection, "SELECT typeof(cost_usd) || ' ' || cost_usd || ' ' || typeof(baseline_cost_usd) || ' ' || baseline_cost_usd FROM ledger;"));
    }

    [Fact]
    public async Task An_unknown_cost_is_stored_as_null_not_zero()
    {
        await Store.WriteAsync(Settled("req_unpriced", cost: null));

        using var connection = OpenRawConnection();

        Assert.Equal("null null", Query(connection, "SELECT typeof(cost_usd) || ' ' || typeof(baseline_cost_usd) FROM ledger;"));
    }

    [Fact]
    public async Task Timestamps_are_stored_as_sortable_utc_text()
    {
        await Store.WriteAsync(Settled("req_1") with { Timestamp = new DateTimeOffset(2025, 3, 1, 14, 0, 0, TimeSpan.FromHours(2)).AddTicks(5) });

        using var connection = OpenRawConnection();

        Assert.Equal("2025-03-01T12:00:00.0000005Z", Query(connection, "SELECT timestamp FROM ledger;"));
    }

    [Fact]
    public async Task A_plain_row_writes_nothing_to_the_detail_tables()
    {
        await Store.WriteAsync(Settled("req_plain"));

        using var connection = OpenRawConnection();

        Assert.Equal("1 0 0", Query(connection, "SELECT (SELECT COUNT(*) FROM ledger) || ' ' || (SELECT COUNT(*) FROM ledger_savings) || ' ' || (SELECT COUNT(*) FROM ledger_attempts);"));
    }

    [Fact]
    public async Task Savings_and_attempts_are_child_rows_of_the_request_with_money_as_exact_decimal_text()
    {
        await Store.WriteAsync(Settled("req_details") with
        {
            Savings = [new LeverSaving("routing", 0.0301m), new LeverSaving("batch", -0.0000000010m)],
            AttemptRecords =
            [
                new AttemptRecord { Number = 1, Provider = "openai", Model = "gpt-4o", Status = 500, ErrorType = "api_error", CostUsd = null, LatencyMs = 40.5 },
                new AttemptRecord { Number = 2, Provider = "anthropic", Model = "claude-haiku-4-5", Status = 200, InputTokens = 10, OutputTokens = 5, CostUsd = 0.000035m, LatencyMs = 300 },
            ],
        });

        using var connection = OpenRawConnection();

        Assert.Equal(
            "req_details routing 0 text 0.0301|req_details batch 1 text -0.0000000010",
            Query(connection, "SELECT group_concat(request_id || ' ' || lever || ' ' || position || ' ' || typeof(saved_usd) || ' ' || saved_usd, '|') FROM (SELECT * FROM ledger_savings ORDER BY position);"));
        Assert.Equal(
            "req_details 1 openai gpt-4o 500 api_error 0 null 40.5|req_details 2 anthropic claude-haiku-4-5 200 - 10 text 0.000035 300.0",
            Query(connection, "SELECT group_concat(request_id || ' ' || number || ' ' || provider || ' ' || model || ' ' || status || ' ' || ifnull(error_type, '-') || ' ' || input_tokens || ' ' || typeof(cost_usd) || ifnull(' ' || cost_usd, '') || ' ' || latency_ms, '|') FROM (SELECT * FROM ledger_attempts ORDER BY number);"));
    }

    [Fact]
    public async Task A_row_whose_details_cannot_be_written_is_refused_whole_while_the_rest_of_its_batch_commits()
    {
        var store = (SqliteLedgerStore)Store;
        var commitsBefore = store.Commits;
        Task before, broken, after;
        using (var other = OpenRawConnection())
        {
            // Held lock: the writes queue up and commit in one or two batches once it is released.
            using var transaction = other.BeginTransaction(deferred: false);
            before = store.WriteAsync(Settled("req_before")).AsTask();
            broken = store.WriteAsync(Settled("req_broken") with { Savings = [new LeverSaving("routing", 1m), new LeverSaving("routing", 2m)] }).AsTask();
            after = store.WriteAsync(Settled("req_after") with { Savings = [new LeverSaving("batch", 1m)] }).AsTask();
            await Task.Delay(100);
            transaction.Commit();
        }

        await Assert.ThrowsAsync<SqliteException>(() => broken);
        await Task.WhenAll(before, after);

        Assert.InRange(store.Commits - commitsBefore, 1, 2);
        Assert.Null(await store.GetAsync("req_broken"));
        Assert.Equal([new LeverSaving("batch", 1m)], (await store.GetAsync("req_after"))!.Savings);
        using var connection = OpenRawConnection();
        Assert.Equal("0", Query(connection, "SELECT CAST(COUNT(*) AS TEXT) FROM ledger_savings WHERE request_id = 'req_broken';"));
    }

    [Fact]
    public async Task A_completed_write_survives_the_process_being_killed()
    {
        await Task.WhenAll(Enumerable.Range(0, 100).Select(i => Store.WriteAsync(Settled($"req_{i}")).AsTask()));

        // What a killed process leaves behind: the files as they are now, connections never closed, nothing
        // checkpointed. The shared-memory index is not copied; SQLite rebuilds it from the log.
        using var survivor = new TemporaryDirectory();
        File.Copy(DatabasePath, Path.Combine(survivor.Path, EmbeddedStorage.DatabaseFileName));
        File.Copy(DatabasePath + "-wal", Path.Combine(survivor.Path, EmbeddedStorage.DatabaseFileName + "-wal"));
        await using var recovered = new SqliteLedgerStore(SqliteDatabase.Open(Path.Combine(survivor.Path, EmbeddedStorage.DatabaseFileName), new EmbeddedStorageOptions()));

        Assert.Equal(100, await recovered.CountAsync());
    }

    [Fact]
    public async Task Reopening_the_database_keeps_its_rows()
    {
        var store = OpenSqliteStore();
        await store.WriteAsync(Settled("req_kept"));
        await store.DisposeAsync();

        var reopened = await OpenAnotherStoreAsync();

        Assert.Equal(Settled("req_kept"), await reopened.GetAsync("req_kept"));
    }

    private SqliteLedgerStore OpenSqliteStore() => new(SqliteDatabase.Open(DatabasePath, new EmbeddedStorageOptions()));

    protected override ValueTask<IFeedbackStore> OpenFeedbackStoreAsync()
    {
        var store = new SqliteFeedbackStore(SqliteDatabase.Open(DatabasePath, new EmbeddedStorageOptions()), TimeProvider.System);
        _feedbackStores.Add(store);
        return ValueTask.FromResult<IFeedbackStore>(store);
    }

    private SqliteConnection OpenRawConnection()
    {
        var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        return connection;
    }

    private static string? Query(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar() as string;
    }
}
