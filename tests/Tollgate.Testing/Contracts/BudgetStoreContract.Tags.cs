using Tollgate.Core.Budgets;
using Tollgate.Core.Identity;
using Xunit;

namespace Tollgate.Testing.Contracts;

public abstract partial class BudgetStoreContract
{
    [Fact]
    public async Task After_a_restart_a_tag_budget_starts_from_the_ledgers_rows_carrying_its_tag()
    {
        await Storage.Ledger.WriteAsync(Row("req_atlas_1", Morning.AddHours(-1), 0.3m) with { Tags = Tagged("project=atlas,env=prod") });
        await Storage.Ledger.WriteAsync(Row("req_atlas_2", Morning.AddHours(-2), 0.2m, key: "other-service") with { Tags = Tagged("project=atlas") });
        await Storage.Ledger.WriteAsync(Row("req_atlas_yesterday", Morning.AddDays(-1), 0.4m) with { Tags = Tagged("project=atlas") });
        await Storage.Ledger.WriteAsync(Row("req_other_project", Morning.AddHours(-1), 0.7m) with { Tags = Tagged("project=atlas-2") });
        await Storage.Ledger.WriteAsync(Row("req_team_atlas", Morning.AddHours(-1), 0.05m) with { Tags = Tagged("team=atlas") });
        await Storage.Ledger.WriteAsync(Row("req_untagged", Morning.AddHours(-1), 0.9m));

        await RestartAsync();

        Assert.Equal(new BudgetCharge(0.5m, 240), (await Storage.Counters.GetStateAsync(Budget("atlas-day", scope: "tag:project=atlas"))).Spent);
        Assert.Equal(0.05m, (await Storage.Counters.GetStateAsync(Budget("atlas-team", scope: "tag:team=atlas"))).Spent.Usd);
        Assert.Equal(BudgetCharge.Zero, (await Storage.Counters.GetStateAsync(Budget("nobody", scope: "tag:project=zeus"))).Spent);
    }

    [Fact]
    public async Task A_tag_scope_written_with_an_upper_case_key_counts_the_rows_of_the_lower_case_key()
    {
        await Storage.Ledger.WriteAsync(Row("req_atlas", Morning.AddHours(-1), 0.3m) with { Tags = Tagged("Project=atlas") });

        await RestartAsync();

        var budget = Budget("atlas-day", scope: "tag:Project=atlas");
        Assert.Equal(new BudgetScope(BudgetScopeKind.Tag, "project=atlas"), budget.Scope);
        Assert.Equal(0.3m, (await Storage.Counters.GetStateAsync(budget)).Spent.Usd);
    }

    private static RequestTags Tagged(string header) =>
        RequestTags.TryParse(header, out var tags, out var error) ? tags : throw new ArgumentException(error, nameof(header));
}
