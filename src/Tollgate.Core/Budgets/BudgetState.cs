namespace Tollgate.Core.Budgets;

/// <summary>Where a budget stands: what its current window has spent and holds reserved, and what is left.</summary>
/// <param name="Budget">The budget.</param>
/// <param name="Spent">Settled spend in the current window.</param>
/// <param name="Reserved">Worst-case cost of the requests in flight.</param>
/// <param name="Window">The current window (when it started, when it resets).</param>
public sealed record BudgetState(BudgetDefinition Budget, BudgetCharge Spent, BudgetCharge Reserved, BudgetWindow Window)
{
    /// <summary>Dollars left before the limit (never below zero); null when the budget limits no dollars.</summary>
    public decimal? RemainingUsd => Budget.EffectiveLimitUsd is { } limit ? Math.Max(0m, limit - Spent.Usd - Reserved.Usd) : null;

    /// <summary>Tokens left before the limit (never below zero); null when the budget limits no tokens.</summary>
    public long? RemainingTokens => Budget.LimitTokens is { } limit ? Math.Max(0L, limit - Spent.Tokens - Reserved.Tokens) : null;

    /// <summary>When the spend starts again at zero; null when it never does (prepaid) or the window rolls.</summary>
    public DateTimeOffset? ResetsAt => Window.ResetsAt;
}
