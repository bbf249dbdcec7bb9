using Tollgate.Core.Ledger;
using Tollgate.Storage.Embedded.Ledger;
using Tollgate.Testing;

namespace Tollgate.Storage.Embedded.Tests;

/// <summary>
/// The costliest requests of a long period, chosen through the rollup's peak cost per hour, are the row scan's: when a
/// row is rewritten dearer or cheaper on either side of the watermark (a peak only ever rises), and when many rows of
/// many hours cost the same, so that tokens and then request ids decide.
/// </summary>
public sealed class LedgerRollupCostliestTests : IDisposable
{
    private static readonly DateTimeOffset Start = LedgerRollupLedger.Start;

    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public async Task A_row_rewritten_dearer_or_cheaper_is_placed_by_its_new_cost(bool flushedBefore, bool flushedAfter)
    {
        await using var storage = EmbeddedStorage.Open(_directory.Path, Options);
        var ledger = (SqliteLedgerStore)storage.Ledger;
        for (var i = 0; i < 120; i++)
        {
            // Five rows an hour over a day, cost rising with the hour and the row.
            await ledger.WriteAsync(Row($"req_{i:d3}", Start.AddHours(i / 5).AddMinutes(i % 5 * 7), 0.001m * (i + 1), tokens: 100));
        }

        await ledger.FlushAsync();
        if (flushedBefore)
        {
            ledger.FlushRollup();
        }

        // The dearest row of the day made the cheapest, and a cheap row of an early hour made the dearest.
        await ledger.WriteAsync(Row("req_119", Start.AddHours(23).AddMinutes(28), 0.0001m, tokens: 100));
        await ledger.WriteAsync(Row("req_003", Start.AddMinutes(21), 5m, tokens: 100));
        await ledger.FlushAsync();
        if (flushedAfter)
        {
            ledger.FlushRollup();
            LedgerRollupTests.AssertPeaksBound(_directory.Path);
        }

        var costliest = await AssertAsScanAsync(ledger, Start.AddMinutes(-30), Start.AddHours(24).AddMinutes(10), limit: 3);
        Assert.Equal(["req_003", "req_118", "req_117"], costliest);
        Assert.DoesNotContain("req_119", await AssertAsScanAsync(ledger, Start.AddMinutes(10), Start.AddDays(2), limit: 110));
    }

    [Fact]
    public async Task Rows_of_the_same_cost_in_many_hours_are_ordered_by_tokens_then_request_id()
    {
        await using var storage = EmbeddedStorage.Open(_directory.Path, Options);
        var ledger = (SqliteLedgerStore)storage.Ledger;
        var random = new Random(5);
        for (var i = 0; i < 300; i++)
        {
            // Three costs only, many rows of each in every hour; ids not in time order.
            var cost = (i % 3) switch { 0 => 0.5m, 1 => 0.25m, _ => 0.50m };
            await ledger.WriteAsync(Row($"req_{random.Next(100_000):d6}_{i}", Start.AddHours(random.Next(40)).AddMinutes(random.Next(60)), cost, tokens: random.Next(1, 4) * 10));
        }

        await ledger.FlushAsync();
        ledger.FlushRollup();
        foreach (var limit in new[] { 1, 5, 40, 150, 250 })
        {
            await AssertAsScanAsync(ledger, Start.AddMinutes(30), Start.AddHours(39).AddMinutes(30), limit);
            await AssertAsScanAsync(ledger, Start, Start.AddHours(40), limit);
        }
    }

    /// <summary>Reads the costliest through the rollup and by the row scan; asserts they agree; returns the request ids.</summary>
    private static async Task<string[]> AssertAsScanAsync(SqliteLedgerStore ledger, DateTimeOffset since, DateTimeOffset until, int limit)
    {
        ledger.ReadsRollup = false;
        var scan = await ledger.GetCostliestAsync(since, until, limit);
        ledger.ReadsRollup = true;
        var rollup = await ledger.GetCostliestAsync(since, until, limit);
        Assert.Equal(scan.Select(Costly), rollup.Select(Costly));
        Assert.NotEmpty(rollup);
        return [.. rollup.Select(row => row.RequestId)];
    }

    private static (string, decimal?, long) Costly(LedgerEntry row) => (row.RequestId, row.CostUsd, row.InputTokens + row.OutputTokens);

    private static LedgerEntry Row(string id, DateTimeOffset at, decimal cost, long tokens) => new()
    {
        RequestId = id,
        Timestamp = at,
        Endpoint = "/v1/chat/completions",
        CacheStatus = "miss",
        Status = 200,
        Attempts = 1,
        InputTokens = tokens,
        OutputTokens = 1,
        CostUsd = cost,
    };

    private static EmbeddedStorageOptions Options => new() { RollupFlushInterval = TimeSpan.FromHours(1) };
}
