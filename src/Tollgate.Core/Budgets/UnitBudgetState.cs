namespace Tollgate.Core.Budgets;

/// <summary>Where a unit budget stands in its current period: the calls made, what they cost, and their average.</summary>
/// <param name="Budget">The unit budget.</param>
/// <param name="Calls">Calls settled in the period.</param>
/// <param name="SpentUsd">What they cost together (a call of unknown price counts as a call of no cost).</param>
/// <param name="Window">The period's window: when it started and when it starts again.</param>
public sealed record UnitBudgetState(UnitBudget Budget, long Calls, decimal SpentUsd, BudgetWindow Window)
{
    /// <summary>The period's average in US dollars per 1,000 calls; null before the first call.</summary>
    public decimal? UsdPer1000Calls => Calls == 0 ? null : SpentUsd * 1000m / Calls;

    /// <summary>Whether the average passes the target by more than <see cref="UnitBudget.AlertAbove"/> over enough calls to judge.</summary>
    public bool Exceeded => Calls >= Budget.MinCalls && UsdPer1000Calls > Budget.UsdPer1000Calls * UnitBudget.AlertAbove;
}
