using Tollgate.Core.Ledger;
using Tollgate.Storage.Embedded.Ledger;
using Tollgate.Storage.Embedded.Sqlite;
using Tollgate.Testing;

namespace Tollgate.Storage.Embedded.Tests;

/// <summary>
/// The hourly rollup gives every read exactly what reading every row gives, over generated ledgers and periods that
/// start and end mid-hour in several time zones, with rows above its watermark and after its flush; and a ledger's
/// rollup made by the migration (from main's schema, or from the rollup written on the commit) is the one writing its
/// rows made.
/// </summary>
public sealed class LedgerRollupTests : IDisposable
{
    private static readonly DateTimeOffset Start = LedgerRollupLedger.Start;

    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Every_read_through_the_rollup_equals_the_row_scan_before_and_after_the_flush(int seed)
    {
        await using var storage = EmbeddedStorage.Open(_directory.Path, NoTimedFlush);
        var ledger = (SqliteLedgerStore)storage.Ledger;
        await LedgerRollupLedger.WriteAsync(storage, seed, rows: 600, between: () => ledger.FlushRollup());
        Assert.True(LedgerRollupDatabase.Scalar(_directory.Path, "SELECT COUNT(*) FROM ledger_rollup;") > 0);
        Assert.True(LedgerRollupDatabase.RowsAboveWatermark(_directory.Path) > 0, "Every row is in the rollup already: the rows above the watermark are not read.");

        AssertPeaksBound(_directory.Path);
        var compared = await LedgerRollupReads.AssertEqualToRowScanAsync(ledger, seed);

        Assert.True(ledger.FlushRollup());
        Assert.Equal(0, LedgerRollupDatabase.RowsAboveWatermark(_directory.Path));
        AssertPeaksBound(_directory.Path);
        await LedgerRollupReads.AssertEqualToRowScanAsync(ledger, seed);
        Assert.True(compared > 300, $"Only {compared} groups compared: the generated ledger is too thin to prove much.");
    }

    [Fact]
    public async Task The_migration_from_a_ledger_without_the_rollup_fills_it_as_writing_the_rows_did()
    {
        await using (var storage = EmbeddedStorage.Open(_directory.Path, NoTimedFlush))
        {
            var ledger = (SqliteLedgerStore)storage.Ledger;
            await LedgerRollupLedger.WriteAsync(storage, seed: 7, rows: 600, between: () => ledger.FlushRollup());
        }

        // Closing the store flushed the rollup: it holds every row.
        Assert.Equal(0, LedgerRollupDatabase.RowsAboveWatermark(_directory.Path));
        var written = LedgerRollupDatabase.ReadRollup(_directory.Path);
        Assert.NotEmpty(written);
        Assert.Contains(written, bucket => bucket.StartsWith("tokens|", StringComparison.Ordinal));

        // The same rows in a database made by the schema before the rollup (steps 1 to 14, as main wrote it).
        using var older = new TemporaryDirectory();
        LedgerRollupSchemas.CopyRowsIntoSchema(_directory.Path, older.Path, SqliteSchema.RollupVersion - 1);
        await using (var storage = EmbeddedStorage.Open(older.Path, NoTimedFlush))
        {
            Assert.Equal(written, LedgerRollupDatabase.ReadRollup(older.Path));
            AssertPeaksBound(older.Path);
            await LedgerRollupReads.AssertEqualToRowScanAsync((SqliteLedgerStore)storage.Ledger, seed: 7);
        }
    }

    [Fact]
    public async Task The_migration_from_a_ledger_with_the_rollup_on_the_commit_adds_the_histogram_and_the_watermark()
    {
        await using (var storage = EmbeddedStorage.Open(_directory.Path, NoTimedFlush))
        {
            var ledger = (SqliteLedgerStore)storage.Ledger;
            await LedgerRollupLedger.WriteAsync(storage, seed: 8, rows: 400, between: () => ledger.FlushRollup());
        }

        var written = LedgerRollupDatabase.ReadRollup(_directory.Path);
        using var older = new TemporaryDirectory();
        LedgerRollupSchemas.CopyRowsIntoSchema(_directory.Path, older.Path, SqliteSchema.RollupVersion);
        await using (var storage = EmbeddedStorage.Open(older.Path, NoTimedFlush))
        {
            Assert.Equal(written, LedgerRollupDatabase.ReadRollup(older.Path));
            Assert.Equal(0, LedgerRollupDatabase.RowsAboveWatermark(older.Path));
            AssertPeaksBound(older.Path);
        }
    }

    [Fact]
    public async Task The_migration_from_a_rollup_without_minutes_fills_them_from_the_rows()
    {
        await using (var storage = EmbeddedStorage.Open(_directory.Path, NoTimedFlush))
        {
            var ledger = (SqliteLedgerStore)storage.Ledger;
            await LedgerRollupLedger.WriteAsync(storage, seed: 9, rows: 500, between: () => ledger.FlushRollup());
        }

        // The same rows and rollup in a database of step 16 (the rollup off the commit, no minutes, no peak cost).
        var written = LedgerRollupDatabase.ReadRollup(_directory.Path);
        using var older = new TemporaryDirectory();
        LedgerRollupSchemas.CopyRowsIntoSchema(_directory.Path, older.Path, SqliteSchema.WatermarkVersion);
        Assert.Equal(0, LedgerRollupDatabase.Scalar(older.Path, "SELECT COUNT(*) FROM pragma_table_info('ledger_rollup') WHERE name = 'peak_cost';"));
        Assert.Equal(0, LedgerRollupDatabase.Scalar(older.Path, "SELECT COUNT(*) FROM ledger_rollup WHERE grouping = 'minute';"));
        await using (var storage = EmbeddedStorage.Open(older.Path, NoTimedFlush))
        {
            Assert.Equal(written, LedgerRollupDatabase.ReadRollup(older.Path));
            Assert.True(LedgerRollupDatabase.Scalar(older.Path, "SELECT COUNT(*) FROM ledger_rollup WHERE grouping = 'minute' AND peak_cost > 0;") > 0);
            AssertPeaksBound(older.Path);
            await LedgerRollupReads.AssertEqualToRowScanAsync((SqliteLedgerStore)storage.Ledger, seed: 9);
        }
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public async Task A_row_rewritten_under_another_group_leaves_its_first_group_and_counts_once(bool flushedBefore, bool flushedAfter)
    {
        await using var storage = EmbeddedStorage.Open(_directory.Path, NoTimedFlush);
        var ledger = (SqliteLedgerStore)storage.Ledger;
        var at = Start.AddHours(3).AddMinutes(20);
        var row = new LedgerEntry { RequestId = "req_1", Timestamp = at, Endpoint = "/v1/chat/completions", CacheStatus = "miss", Status = 200, Attempts = 1, Feature = "search", CostUsd = 0.5m };
        await storage.Ledger.WriteAsync(row);
        if (flushedBefore)
        {
            ledger.FlushRollup();
        }

        await storage.Ledger.WriteAsync(row with { Feature = "chat", CostUsd = 0.25m });
        if (flushedAfter)
        {
            ledger.FlushRollup();
        }

        var report = await storage.Ledger.GetSpendAsync(new SpendQuery(SpendGrouping.Feature, Start, Start.AddHours(10)));

        var only = Assert.Single(report.Rows);
        Assert.Equal(("chat", 1L, 0.25m), (only.Group, only.Requests, only.CostUsd));
        Assert.Equal(1, report.Totals.Requests);
    }

    /// <summary>Asserts that every minute's peak cost in the rollup is at least the cost of every row it holds.</summary>
    internal static void AssertPeaksBound(string directory)
    {
        var (violations, buckets) = LedgerRollupDatabase.PeakViolations(directory);
        Assert.Empty(violations);
        Assert.True(buckets > 0, "No minute holds a priced row: the peaks were not checked.");
    }

    /// <summary>A store whose rollup is flushed only when a test says so (or the store closes).</summary>
    private static EmbeddedStorageOptions NoTimedFlush => new() { RollupFlushInterval = TimeSpan.FromHours(1) };
}
