using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Tollgate.Core.Ledger;
using Tollgate.Storage.Embedded.Ledger;
using Tollgate.Storage.Embedded.Sqlite;
using Tollgate.Testing;

namespace Tollgate.Storage.Embedded.Tests;

/// <summary>
/// The rollup off the commit: what a kill leaves reads as the rows do and the next start folds it in; the flusher writes
/// on its schedule; and two writers on one database (two processes) keep the rollup exact between them.
/// </summary>
public sealed class LedgerRollupWatermarkTests : IDisposable
{
    private static readonly DateTimeOffset Start = LedgerRollupLedger.Start;

    private readonly TemporaryDirectory _directory = new();

    private string DatabasePath => Path.Combine(_directory.Path, EmbeddedStorage.DatabaseFileName);

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task What_a_kill_leaves_reads_as_the_row_scan_and_the_next_start_folds_it_into_the_rollup(bool flushedLast)
    {
        using var survivor = new TemporaryDirectory();
        await using (var storage = EmbeddedStorage.Open(_directory.Path, NoTimedFlush))
        {
            var ledger = (SqliteLedgerStore)storage.Ledger;
            await LedgerRollupLedger.WriteAsync(storage, seed: 11, rows: 400, between: () => ledger.FlushRollup());
            if (flushedLast)
            {
                ledger.FlushRollup();
            }

            // Every committed transaction and nothing else: what the process killed now would leave on disk.
            Snapshot(DatabasePath, Path.Combine(survivor.Path, EmbeddedStorage.DatabaseFileName));
        }

        await using (var restarted = EmbeddedStorage.Open(survivor.Path, NoTimedFlush))
        {
            var ledger = (SqliteLedgerStore)restarted.Ledger;
            Assert.Equal(flushedLast, LedgerRollupDatabase.RowsAboveWatermark(survivor.Path) == 0);
            await LedgerRollupReads.AssertEqualToRowScanAsync(ledger, seed: 11);

            await ledger.RecoverInterruptedAsync();
            Assert.True(ledger.FlushRollup());
            Assert.Equal(0, LedgerRollupDatabase.RowsAboveWatermark(survivor.Path));
            LedgerRollupTests.AssertPeaksBound(survivor.Path);
            await LedgerRollupReads.AssertEqualToRowScanAsync(ledger, seed: 11);
        }

        // The rows read back at the start made the rollup the buckets in memory made before the kill.
        Assert.Equal(LedgerRollupDatabase.ReadRollup(_directory.Path), LedgerRollupDatabase.ReadRollup(survivor.Path));
    }

    [Fact]
    public async Task The_flusher_writes_the_rollup_and_moves_the_watermark_every_interval_and_at_close()
    {
        var time = new FakeTimeProvider(Start);
        var store = new SqliteLedgerStore(SqliteDatabase.Open(DatabasePath, new EmbeddedStorageOptions { RollupFlushInterval = TimeSpan.FromSeconds(5) }), time);
        await using (store)
        {
            await store.RecoverInterruptedAsync();
            await store.WriteAsync(Row("req_1", "search", 0.5m));
            await store.WriteAsync(Row("req_2", "chat", 0.25m));
            Assert.Equal((0L, 2L), (Watermark(), LedgerRollupDatabase.RowsAboveWatermark(_directory.Path)));

            time.Advance(TimeSpan.FromSeconds(4));
            Assert.Equal(0, Watermark());

            time.Advance(TimeSpan.FromSeconds(1));
            Assert.Equal((LastCommitSeq(), 0L), (Watermark(), LedgerRollupDatabase.RowsAboveWatermark(_directory.Path)));
            Assert.Equal(2, RollupRequests("feature"));

            // A row rewritten after its flush leaves the rollup at once, in its own commit.
            await store.WriteAsync(Row("req_1", "chat", 0.125m));
            Assert.Equal((1L, 1L), (RollupRequests("feature"), LedgerRollupDatabase.RowsAboveWatermark(_directory.Path)));
            await store.WriteAsync(Row("req_3", "search", 1m));

            time.Advance(TimeSpan.FromSeconds(5));
            Assert.Equal((LastCommitSeq(), 0L), (Watermark(), LedgerRollupDatabase.RowsAboveWatermark(_directory.Path)));
            Assert.Equal(3, RollupRequests("feature"));

            await store.WriteAsync(Row("req_4", "search", 2m));
            Assert.Equal(1, LedgerRollupDatabase.RowsAboveWatermark(_directory.Path));
        }

        // Closing the store flushed what the timer had not.
        Assert.Equal((LastCommitSeq(), 0L), (Watermark(), LedgerRollupDatabase.RowsAboveWatermark(_directory.Path)));
        Assert.Equal(4, RollupRequests("feature"));
    }

    [Fact]
    public async Task Two_writers_on_one_database_keep_the_rollup_exact_between_them()
    {
        await using var first = new SqliteLedgerStore(SqliteDatabase.Open(DatabasePath, NoTimedFlush));
        await using var second = new SqliteLedgerStore(SqliteDatabase.Open(DatabasePath, NoTimedFlush));
        var stores = new[] { first, second };
        var random = new Random(5);
        for (var step = 0; step < 60; step++)
        {
            var store = stores[random.Next(2)];
            switch (random.Next(6))
            {
                case 0:
                    store.FlushRollup();
                    break;
                case 1:
                    // Rewrites a row either may have written, above or below the watermark.
                    await store.WriteAsync(Row($"req_{random.Next(step + 1)}", "rewritten", random.Next(1, 100) / 8m));
                    break;
                default:
                    await store.WriteAsync(Row($"req_{step}", random.Next(2) == 0 ? "search" : "chat", random.Next(1, 100) / 4m));
                    break;
            }

            await AssertSpendEqualsScanAsync(first);
            await AssertSpendEqualsScanAsync(second);
        }

        first.FlushRollup();
        second.FlushRollup();
        Assert.Equal(0, LedgerRollupDatabase.RowsAboveWatermark(_directory.Path));
        await AssertSpendEqualsScanAsync(first);
    }

    private static EmbeddedStorageOptions NoTimedFlush => new() { RollupFlushInterval = TimeSpan.FromHours(1) };

    private static LedgerEntry Row(string id, string feature, decimal cost) => new()
    {
        RequestId = id,
        Timestamp = Start.AddHours(2).AddMinutes(id.Length * 7 % 60),
        Endpoint = "/v1/chat/completions",
        CacheStatus = "miss",
        Status = 200,
        Attempts = 1,
        Feature = feature,
        InputTokens = 100 * id.Length,
        OutputTokens = 20,
        CostUsd = cost,
    };

    private static async Task AssertSpendEqualsScanAsync(SqliteLedgerStore store)
    {
        var query = new SpendQuery(SpendGrouping.Feature, Start, Start.AddDays(1));
        store.ReadsRollup = false;
        var scan = await store.GetSpendAsync(query);
        var scanHistogram = await store.GetTokenHistogramAsync(Start, Start.AddDays(1));
        store.ReadsRollup = true;
        var rollup = await store.GetSpendAsync(query);
        Assert.Equal(scan.Rows, rollup.Rows);
        Assert.Equal(scan.Totals, rollup.Totals);
        Assert.Equal(scanHistogram.Buckets, (await store.GetTokenHistogramAsync(Start, Start.AddDays(1))).Buckets);
    }

    private static void Snapshot(string source, string target)
    {
        using var from = new SqliteConnection($"Data Source={source};Pooling=False");
        using var to = new SqliteConnection($"Data Source={target};Pooling=False");
        from.Open();
        to.Open();
        from.BackupDatabase(to);
    }

    private long Watermark() => LedgerRollupDatabase.Scalar(_directory.Path, "SELECT watermark FROM ledger_rollup_state;");

    private long LastCommitSeq() => LedgerRollupDatabase.Scalar(_directory.Path, "SELECT MAX(commit_seq) FROM ledger;");

    private long RollupRequests(string grouping) =>
        LedgerRollupDatabase.Scalar(_directory.Path, $"SELECT COALESCE(SUM(requests), 0) FROM ledger_rollup WHERE grouping = '{grouping}';");
}
