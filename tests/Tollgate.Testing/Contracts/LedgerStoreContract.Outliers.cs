using Tollgate.Core.Ledger;
using Xunit;

namespace Tollgate.Testing.Contracts;

/// <summary>
/// What every <see cref="ILedgerStore"/> must do for the costliest requests of a period (the outliers): only settled,
/// priced rows of the period, costliest first, ties by more tokens then by request id, at most the limit.
/// </summary>
public abstract partial class LedgerStoreContract
{
    [Fact]
    public async Task The_costliest_requests_of_a_period_come_costliest_first_and_ties_by_tokens_then_by_id()
    {
        await Store.WriteAsync(Settled("req_cheap", cost: 0.001m));
        await Store.WriteAsync(Settled("req_dear", cost: 0.5m));
        await Store.WriteAsync(Settled("req_tie_b", cost: 0.25m) with { InputTokens = 10, OutputTokens = 5 });
        await Store.WriteAsync(Settled("req_tie_a", cost: 0.25m) with { InputTokens = 10, OutputTokens = 5 });
        await Store.WriteAsync(Settled("req_tie_big", cost: 0.25m) with { InputTokens = 900, OutputTokens = 5 });
        await Store.WriteAsync(Settled("req_a_hair_dearer", cost: 0.2500000000000000000001m));

        var costliest = await Store.GetCostliestAsync(Noon.AddHours(-1), Noon.AddHours(1), 5);

        Assert.Equal(["req_dear", "req_a_hair_dearer", "req_tie_big", "req_tie_a", "req_tie_b"], costliest.Select(entry => entry.RequestId));
        Assert.Equal(0.5m, costliest[0].CostUsd);
    }

    [Fact]
    public async Task Outliers_leave_out_unknown_costs_pending_rows_and_rows_outside_the_period()
    {
        await Store.WriteAsync(Settled("req_unpriced", cost: null));
        await Store.WriteAsync(Pending("req_pending") with { CostUsd = 9m });
        await Store.WriteAsync(Settled("req_before", cost: 7m) with { Timestamp = Noon.AddHours(-2) });
        await Store.WriteAsync(Settled("req_at_until", cost: 8m) with { Timestamp = Noon.AddHours(1) });
        await Store.WriteAsync(Settled("req_at_since", cost: 0.02m) with { Timestamp = Noon.AddHours(-1) });
        await Store.WriteAsync(Settled("req_in", cost: 0.01m));

        var costliest = await Store.GetCostliestAsync(Noon.AddHours(-1), Noon.AddHours(1), 10);

        Assert.Equal(["req_at_since", "req_in"], costliest.Select(entry => entry.RequestId));
    }

    [Fact]
    public async Task Outliers_stop_at_the_limit_and_carry_the_row_s_columns()
    {
        for (var i = 0; i < 20; i++)
        {
            await Store.WriteAsync(Settled($"req_{i:D2}", cost: i / 100m) with
            {
                Feature = "search",
                Savings = [new LeverSaving(Levers.Routing, 0.001m)],
                BaselineCostUsd = i / 100m + 0.001m,
            });
        }

        var costliest = await Store.GetCostliestAsync(Noon.AddDays(-1), Noon.AddDays(1), 3);

        Assert.Equal(["req_19", "req_18", "req_17"], costliest.Select(entry => entry.RequestId));
        // Savings and attempt records may be left out (callers read them with GetAsync); every column is there.
        var whole = await Store.GetAsync("req_19");
        Assert.Equal(whole! with { Savings = costliest[0].Savings, AttemptRecords = costliest[0].AttemptRecords }, costliest[0]);
    }
}
