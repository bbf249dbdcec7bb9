using Tollgate.Core.Ledger;
using Xunit;

namespace Tollgate.Testing.Contracts;

/// <summary>
/// What every <see cref="ILedgerStore"/> must do with a row written <see cref="LedgerDurability.ProcessCrashSafe"/>:
/// every read of the store sees it once the write returns, later writes of the same request replace it as any write
/// does, and a store that dies before committing it leaves it for the next start's recovery, settled, exactly once.
/// </summary>
public abstract partial class LedgerStoreContract
{
    private ValueTask WriteCrashSafeAsync(LedgerEntry entry) => Store.WriteAsync(entry, LedgerDurability.ProcessCrashSafe);

    [Fact]
    public async Task A_crash_safe_row_is_seen_by_every_read_once_its_write_returns()
    {
        var hit = Hit("req_hit", "hit", Levers.Exact, baseline: 0.02m);
        await WriteCrashSafeAsync(hit);
        await WriteCrashSafeAsync(Hit("req_unpriced_hit", "hit", Levers.Exact, baseline: 0m) with { CostUsd = null, BaselineCostUsd = null, Savings = [], ServedModel = "unlisted-model" });

        Assert.Equal(hit, await Store.GetAsync("req_hit"));
        Assert.Equal(2, await Store.CountAsync());
        var totals = (await SpendAsync(SpendGrouping.Feature)).Totals;
        Assert.Equal((2L, 2L, 1L, 0.02m), (totals.Requests, totals.Hits, totals.UnpricedRequests, totals.SavedUsd));
        Assert.Equal("unlisted-model", Assert.Single(await Store.GetUnpricedModelsAsync()).Model);
    }

    [Fact]
    public async Task Many_crash_safe_rows_written_at_once_are_all_seen_by_the_reads_that_follow()
    {
        await Task.WhenAll(Enumerable.Range(0, 2_000).Select(i => Task.Run(() => WriteCrashSafeAsync(Hit($"req_{i}", "hit", Levers.Exact, baseline: 0.001m)).AsTask())));

        var totals = (await SpendAsync(SpendGrouping.Feature)).Totals;

        Assert.Equal((2_000L, 2_000L, 2m), (totals.Requests, totals.Hits, totals.SavedUsd));
        Assert.Equal(2_000, await Store.CountAsync());
    }

    [Fact]
    public async Task A_crash_safe_row_replaces_the_pending_row_of_its_request()
    {
        await Store.WriteAsync(Pending("req_1"));
        var settled = Settled("req_1", cost: 0.25m);

        await WriteCrashSafeAsync(settled);

        Assert.Equal(settled, await Store.GetAsync("req_1"));
        Assert.Equal(1, await Store.CountAsync());
        Assert.Equal(1, (await SpendAsync(SpendGrouping.Feature)).Totals.Requests);
    }

    [Fact]
    public async Task Writes_of_one_request_in_either_durability_read_back_as_the_last_one()
    {
        await Store.WriteAsync(Settled("req_1", cost: 0.1m));
        await WriteCrashSafeAsync(Settled("req_1", cost: 0.2m));
        Assert.Equal(0.2m, (await Store.GetAsync("req_1"))!.CostUsd);

        await Store.WriteAsync(Settled("req_1", cost: 0.3m));
        Assert.Equal(0.3m, (await Store.GetAsync("req_1"))!.CostUsd);

        await WriteCrashSafeAsync(Settled("req_1", cost: 0.4m));
        Assert.Equal(0.4m, (await Store.GetAsync("req_1"))!.CostUsd);
        Assert.Equal(0.4m, (await SpendAsync(SpendGrouping.Feature)).Totals.CostUsd);
        Assert.Equal(1, await Store.CountAsync());
    }

    [Fact]
    public async Task A_crash_safe_row_of_a_store_that_died_is_recovered_settled_and_exactly_once()
    {
        // The first store is left as a killed process leaves it: never disposed, never flushed.
        var hit = Hit("req_hit", "hit", Levers.Exact, baseline: 0.02m);
        var answeredAfterPending = Settled("req_settled_after_pending", cost: 0.3m);
        await Store.WriteAsync(Pending("req_in_flight"));
        await Store.WriteAsync(Pending("req_settled_after_pending"));
        await WriteCrashSafeAsync(hit);
        await WriteCrashSafeAsync(answeredAfterPending);

        var restarted = await OpenAnotherStoreAsync();
        var interrupted = await restarted.RecoverInterruptedAsync();

        Assert.Equal(1, interrupted);
        Assert.Equal(hit, await restarted.GetAsync("req_hit"));
        Assert.Equal(answeredAfterPending, await restarted.GetAsync("req_settled_after_pending"));
        Assert.Equal("gateway_interrupted", (await restarted.GetAsync("req_in_flight"))!.ErrorType);
        Assert.Equal(3, await restarted.CountAsync());
        var totals = (await restarted.GetSpendAsync(new SpendQuery(SpendGrouping.Feature, null, Noon.AddDays(1)))).Totals;
        Assert.Equal((3L, 1L, 0.32m), (totals.Requests, totals.Hits, totals.BaselineCostUsd));
    }
}
