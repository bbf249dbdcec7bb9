using Tollgate.Core.Budgets;
using Xunit;

namespace Tollgate.Testing.Contracts;

public abstract partial class BudgetStoreContract
{
    [Fact]
    public async Task After_a_restart_a_charged_back_hit_counts_at_its_charge_and_a_free_one_counts_nothing()
    {
        await Storage.Ledger.WriteAsync(Row("req_call", Morning.AddHours(-1), 0.3m));
        await Storage.Ledger.WriteAsync(Row("req_charged_hit", Morning.AddMinutes(-50), 0m) with { CacheStatus = "hit", BaselineCostUsd = 0.25m, ChargedUsd = 0.25m });
        await Storage.Ledger.WriteAsync(Row("req_free_hit", Morning.AddMinutes(-40), 0m) with { CacheStatus = "semantic-hit", BaselineCostUsd = 0.25m });
        await Storage.Ledger.WriteAsync(Row("req_free_waiter", Morning.AddMinutes(-30), 0m) with { CacheStatus = "coalesced", BaselineCostUsd = 0.3m });

        await RestartAsync();

        // The call and the charged hit, each with its tokens; the free answers were the call's tokens, not their own.
        Assert.Equal(new BudgetCharge(0.55m, 240), (await Storage.Counters.GetStateAsync(Budget("daily"))).Spent);
    }
}
