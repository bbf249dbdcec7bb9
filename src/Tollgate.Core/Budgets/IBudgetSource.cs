namespace Tollgate.Core.Budgets;

/// <summary>Where the budgets in force come from (the configuration file and the admin API's store, merged).</summary>
public interface IBudgetSource
{
    /// <summary>The budgets in force now.</summary>
    ValueTask<BudgetSet> GetCurrentAsync(CancellationToken cancellationToken = default);
}
