using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Tollgate.Core.Identity;
using Tollgate.Core.Ledger;
using Tollgate.Storage.Embedded.Ledger;
using Tollgate.Storage.Embedded.Sqlite;
using Tollgate.Testing;

namespace Tollgate.Storage.Embedded.Tests;

/// <summary>
/// The SQLite ledger's rows written <see cref="LedgerDurability.ProcessCrashSafe"/>: journalled, then committed off the
/// writer's path; what a kill leaves of them before their commit; and where the journal is not enough (full sync, a
/// row the tables would refuse). The behaviour every store shares is in the ledger contract.
/// </summary>
public sealed class SqliteLedgerCrashSafeWriteTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    private string DatabasePath => Path.Combine(_directory.Path, EmbeddedStorage.DatabaseFileName);

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Crash_safe_rows_not_yet_committed_when_the_process_dies_are_recovered_from_the_journal_as_written()
    {
        await using var store = OpenStore(new EmbeddedStorageOptions { BusyTimeout = TimeSpan.FromMinutes(10) });
        var hits = Enumerable.Range(0, 50).Select(i => Settled($"req_hit_{i}") with { CacheStatus = "hit", CostUsd = 0m, Attempts = 0 }).ToList();
        using var survivor = new TemporaryDirectory();
        using (var other = OpenRawConnection(DatabasePath))
        {
            // Another process holds the write lock: nothing can be committed, so what a kill would leave now is the journal.
            using var transaction = other.BeginTransaction(deferred: false);
            await store.WriteAsync(Pending("req_pending_then_hit"));
            foreach (var hit in hits)
            {
                await store.WriteAsync(hit, LedgerDurability.ProcessCrashSafe);
            }

            await store.WriteAsync(Settled("req_pending_then_hit"), LedgerDurability.ProcessCrashSafe);
            await store.WriteAsync(Pending("req_pending_then_retried"));
            await store.WriteAsync(Retried("req_pending_then_retried"), LedgerDurability.ProcessCrashSafe);
            foreach (var file in Directory.GetFiles(_directory.Path))
            {
                File.Copy(file, Path.Combine(survivor.Path, Path.GetFileName(file)));
            }

            transaction.Commit();
        }

        var survivorPath = Path.Combine(survivor.Path, EmbeddedStorage.DatabaseFileName);
        await using var restarted = new SqliteLedgerStore(SqliteDatabase.Open(survivorPath, new EmbeddedStorageOptions()));
        using (var copy = OpenRawConnection(survivorPath))
        {
            Assert.Equal("0", Query(copy, "SELECT CAST(COUNT(*) AS TEXT) FROM ledger;"));
        }

        Assert.Equal(0, await restarted.RecoverInterruptedAsync());

        Assert.Equal(52, await restarted.CountAsync());
        Assert.Equal(Settled("req_pending_then_hit"), await restarted.GetAsync("req_pending_then_hit"));
        Assert.Equal(Retried("req_pending_then_retried"), await restarted.GetAsync("req_pending_then_retried"));
        foreach (var hit in hits)
        {
            Assert.Equal(hit, await restarted.GetAsync(hit.RequestId));
        }

        using (var copy = OpenRawConnection(survivorPath))
        {
            Assert.Equal("52", Query(copy, "SELECT CAST(COUNT(*) AS TEXT) FROM ledger;"));
        }

        // The store that kept running commits them too, once the lock is free.
        Assert.Equal(52, await store.CountAsync());
    }

    [Fact]
    public async Task With_full_sync_a_crash_safe_row_is_committed_before_its_write_returns()
    {
        await using var store = OpenStore(new EmbeddedStorageOptions { Synchronous = SqliteSynchronousMode.Full });

        await store.WriteAsync(Settled("req_hit") with { CacheStatus = "hit" }, LedgerDurability.ProcessCrashSafe);

        // Read straight from the database: a row only in the journal would not be there.
        using var connection = OpenRawConnection(DatabasePath);
        Assert.Equal("1", Query(connection, "SELECT CAST(COUNT(*) AS TEXT) FROM ledger;"));
    }

    [Fact]
    public async Task Crash_safe_rows_written_before_the_commit_timer_fires_share_one_commit()
    {
        var timer = new FakeTimeProvider();
        await using var store = new SqliteLedgerStore(SqliteDatabase.Open(DatabasePath, new EmbeddedStorageOptions()), timer);
        var commitsBefore = store.Commits;

        for (var i = 0; i < 20; i++)
        {
            await store.WriteAsync(Settled($"req_hit_{i}") with { CacheStatus = "hit" }, LedgerDurability.ProcessCrashSafe);
        }

        using var connection = OpenRawConnection(DatabasePath);
        Assert.Equal("0", Query(connection, "SELECT CAST(COUNT(*) AS TEXT) FROM ledger;"));
        Assert.Equal(commitsBefore, store.Commits);

        timer.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal("20", Query(connection, "SELECT CAST(COUNT(*) AS TEXT) FROM ledger;"));
        Assert.Equal(commitsBefore + 1, store.Commits);
    }

    [Fact]
    public async Task A_read_or_another_write_commits_crash_safe_rows_without_waiting_for_the_timer()
    {
        var timer = new FakeTimeProvider();
        await using var store = new SqliteLedgerStore(SqliteDatabase.Open(DatabasePath, new EmbeddedStorageOptions()), timer);
        await store.WriteAsync(Settled("req_hit_1") with { CacheStatus = "hit" }, LedgerDurability.ProcessCrashSafe);

        Assert.Equal(1, await store.CountAsync());

        await store.WriteAsync(Settled("req_hit_2") with { CacheStatus = "hit" }, LedgerDurability.ProcessCrashSafe);
        await store.WriteAsync(Settled("req_miss"));

        using var connection = OpenRawConnection(DatabasePath);
        Assert.Equal("3", Query(connection, "SELECT CAST(COUNT(*) AS TEXT) FROM ledger;"));
    }

    [Fact]
    public async Task Closing_the_store_commits_crash_safe_rows_still_waiting_for_the_timer()
    {
        var timer = new FakeTimeProvider();
        var store = new SqliteLedgerStore(SqliteDatabase.Open(DatabasePath, new EmbeddedStorageOptions()), timer);
        for (var i = 0; i < 5; i++)
        {
            await store.WriteAsync(Settled($"req_hit_{i}") with { CacheStatus = "hit" }, LedgerDurability.ProcessCrashSafe);
        }

        await store.DisposeAsync();

        using var connection = OpenRawConnection(DatabasePath);
        Assert.Equal("5", Query(connection, "SELECT CAST(COUNT(*) AS TEXT) FROM ledger;"));
        await using var reopened = OpenStore(new EmbeddedStorageOptions());
        Assert.Equal(0, await reopened.RecoverInterruptedAsync());
        Assert.Equal(5, await reopened.CountAsync());
    }

    [Fact]
    public async Task A_crash_safe_row_the_database_would_refuse_is_refused_to_its_writer()
    {
        await using var store = OpenStore(new EmbeddedStorageOptions());

        await Assert.ThrowsAsync<ArgumentException>(() => store.WriteAsync(Settled("req_broken") with { Savings = [new LeverSaving("exact", 1m), new LeverSaving("exact", 2m)] }, LedgerDurability.ProcessCrashSafe).AsTask());

        Assert.Null(await store.GetAsync("req_broken"));
        Assert.Equal(0, await store.CountAsync());
    }

    private static LedgerEntry Settled(string requestId) => new()
    {
        RequestId = requestId,
        Timestamp = new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero),
        Endpoint = "/v1/chat/completions",
        Provider = "openai",
        RequestedModel = "gpt-4o-mini",
        ServedModel = "gpt-4o-mini-2024-07-18",
        InputTokens = 100,
        OutputTokens = 20,
        CostUsd = 0.01m,
        BaselineCostUsd = 0.01m,
        CacheStatus = "miss",
        LatencyMs = 12.5,
        Status = 200,
        Attempts = 1,
    };

    /// <summary>A settled upstream call with everything a row keeps beside its table: tags and a record per attempt.</summary>
    private static LedgerEntry Retried(string requestId) => Settled(requestId) with
    {
        Tags = RequestTags.Create([new("project", "atlas")]),
        Attempts = 2,
        AttemptRecords =
        [
            new AttemptRecord { Number = 1, Provider = "openai", Model = "gpt-4o-mini", Status = 529, ErrorType = "overloaded_error", CostUsd = 0m, LatencyMs = 3.5 },
            new AttemptRecord { Number = 2, Provider = "openai", Model = "gpt-4o-mini", Status = 200, InputTokens = 100, OutputTokens = 20, CostUsd = 0.01m, LatencyMs = 41.25 },
        ],
    };

    private static LedgerEntry Pending(string requestId) => Settled(requestId) with
    {
        ServedModel = null,
        OutputTokens = 0,
        CostUsd = null,
        BaselineCostUsd = null,
        LatencyMs = 0,
        Status = 0,
        Attempts = 0,
    };

    private SqliteLedgerStore OpenStore(EmbeddedStorageOptions options) => new(SqliteDatabase.Open(DatabasePath, options));

    private static SqliteConnection OpenRawConnection(string path)
    {
        var connection = new SqliteConnection($"Data Source={path};Pooling=False");
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
