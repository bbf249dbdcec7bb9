namespace Tollgate.Core.Budgets;

/// <summary>
/// The calls and spend of each unit budget's current period. A fresh implementation starts a budget's period from the
/// ledger's record (<see cref="IUnitSpendHistory"/>), so the figures survive a restart. Safe for concurrent use.
/// </summary>
public interface IUnitBudgetCounters
{
    /// <summary>Counts one settled call of <paramref name="requestId"/> at <paramref name="costUsd"/> and returns where the budget now stands.</summary>
    ValueTask<UnitBudgetState> AddCallAsync(UnitBudget budget, string requestId, decimal costUsd, CancellationToken cancellationToken = default);

    /// <summary>Where <paramref name="budget"/> stands now.</summary>
    ValueTask<UnitBudgetState> GetStateAsync(UnitBudget budget, CancellationToken cancellationToken = default);
}
