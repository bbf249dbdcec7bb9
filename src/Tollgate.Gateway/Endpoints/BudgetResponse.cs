using Tollgate.Core.Budgets;

namespace Tollgate.Gateway.Endpoints;

/// <summary>
/// A budget as <c>/admin/budgets</c> shows it: its definition (as written), where it comes from (<c>config</c> or
/// <c>admin</c>), and where it stands in its current window.
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
    DateTimeOffset? ResetsAt)
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
}
