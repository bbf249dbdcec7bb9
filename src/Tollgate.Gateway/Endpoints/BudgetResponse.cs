using System.Text.Json.Serialization;
using Tollgate.Core.Budgets;

namespace Tollgate.Gateway.Endpoints;

/// <summary>
/// A budget as <c>/admin/budgets</c> shows it: its definition (as written), where it comes from (<c>config</c> or
/// <c>admin</c>), and where it stands in its current window. A feature's unit budget is listed in the same shape, its
/// id <c>unit:FEATURE</c>, its period's spend in <c>spent_usd</c> and its calls and average in <see cref="Unit"/>.
/// </summary>
internal sealed record BudgetResponse(
    string Id,
    string Name,
    string Source,
    BudgetDocument Budget,
    decimal? LimitUsd,
    long? LimitTokens,
    decimal TopUpUsd,
    decimal SpentUsd,
    long SpentTokens,
    decimal ReservedUsd,
    long ReservedTokens,
    decimal? RemainingUsd,
    long? RemainingTokens,
    DateTimeOffset? WindowStart,
    DateTimeOffset? ResetsAt,
    UnitBudgetFigures? Unit = null)
{
    public static BudgetResponse From(BudgetState state, bool stored) => new(
        state.Budget.Id,
        state.Budget.DisplayName,
        stored ? "admin" : "config",
        BudgetDocument.From(state.Budget),
        state.Budget.EffectiveLimitUsd,
        state.Budget.LimitTokens,
        state.Budget.TopUpUsd,
        state.Spent.Usd,
        state.Spent.Tokens,
        state.Reserved.Usd,
        state.Reserved.Tokens,
        state.RemainingUsd,
        state.RemainingTokens,
        state.Window.Start == DateTimeOffset.MinValue ? null : state.Window.Start,
        state.ResetsAt);

    /// <summary>A unit budget (<c>Tollgate:Features:NAME:UnitBudget</c>) as the listing shows it.</summary>
    public static BudgetResponse From(UnitBudgetState state)
    {
        var budget = state.Budget;
        var document = new BudgetDocument { Id = budget.Id, Name = budget.DisplayName, Scope = budget.Scope.ToString(), Period = budget.Period.Name, Block = false };
        var figures = new UnitBudgetFigures(state.Calls, state.UsdPer1000Calls, budget.UsdPer1000Calls, budget.MinCalls, state.Exceeded);
        return new BudgetResponse(
            budget.Id, budget.DisplayName, "config", document, null, null, 0m, state.SpentUsd, 0, 0m, 0, null, null, state.Window.Start, state.Window.ResetsAt, figures);
    }
}

/// <summary>Where a unit budget stands: the period's calls, their average in US dollars per 1,000 calls against the target, and whether it passed it by more than 20%.</summary>
internal sealed record UnitBudgetFigures(
    long Calls,
    [property: JsonPropertyName("usd_per_1000_calls")] decimal? UsdPer1000Calls,
    [property: JsonPropertyName("target_usd_per_1000_calls")] decimal TargetUsdPer1000Calls,
    int MinCalls,
    bool Exceeded);
