using System.Globalization;
using Tollgate.Core.Exchange;

namespace Tollgate.Core.Budgets;

/// <summary>
/// The 402 a budget answers when a request could take its spend past a limit: error type <c>budget_exceeded</c> (not
/// 429, which SDKs retry), a message naming the budget, its limit and when it resets, and
/// <c>x-tollgate-budget-remaining-usd</c>.
/// </summary>
public static class BudgetRefusal
{
    /// <summary>The header that tells a caller the smallest number of dollars left among the budgets that apply to it.</summary>
    public const string RemainingUsdHeader = "x-tollgate-budget-remaining-usd";

    /// <summary>The rejection for a request of worst case <paramref name="charge"/> that <paramref name="state"/>'s budget refused.</summary>
    public static ExchangeRejection For(BudgetState state, BudgetCharge charge)
    {
        ArgumentNullException.ThrowIfNull(state);
        var budget = state.Budget;
        var message = $"Budget '{budget.DisplayName}' ({budget.Scope}) refuses this request: {Limits(state)}; " +
            $"this request could cost up to {Usd(charge.Usd)} ({charge.Tokens} tokens). {WhenItResets(state)}";
        var headers = state.RemainingUsd is { } remaining
            ? new[] { KeyValuePair.Create(RemainingUsdHeader, FormatUsd(remaining)) }
            : [];
        return new ExchangeRejection(402, ErrorTypes.BudgetExceeded, message) { Headers = headers, Reason = "budget_exceeded", Code = "budget_exceeded" };
    }

    /// <summary>Dollars as the header carries them: plain invariant decimal.</summary>
    public static string FormatUsd(decimal usd) => usd.ToString(CultureInfo.InvariantCulture);

    private static string Limits(BudgetState state)
    {
        var budget = state.Budget;
        var per = budget.Period.Kind switch
        {
            BudgetPeriodKind.None => " of prepaid credit",
            BudgetPeriodKind.Rolling => $" per rolling {budget.Period.RollingWindow}",
            _ => $" per {budget.Period.Name}",
        };
        var parts = new List<string>(2);
        if (budget.EffectiveLimitUsd is { } usd)
        {
            parts.Add(budget.Period.Kind == BudgetPeriodKind.Request
                ? $"limit {Usd(usd)}{per}"
                : $"limit {Usd(usd)}{per}, {Usd(state.Spent.Usd)} spent and {Usd(state.Reserved.Usd)} reserved by requests in flight");
        }

        if (budget.LimitTokens is { } tokens)
        {
            parts.Add(budget.Period.Kind == BudgetPeriodKind.Request
                ? $"limit {tokens} tokens{per}"
                : $"limit {tokens} tokens{per}, {state.Spent.Tokens} spent and {state.Reserved.Tokens} reserved");
        }

        return string.Join("; ", parts);
    }

    private static string WhenItResets(BudgetState state) => state.Budget.Period.Kind switch
    {
        BudgetPeriodKind.None => $"It is a prepaid credit and does not reset: top it up with POST /admin/budgets/{state.Budget.Id}/topup.",
        BudgetPeriodKind.Request => "Ask for less output (max_tokens) or a cheaper model.",
        BudgetPeriodKind.Rolling => $"Spend stops counting {state.Budget.Period.RollingWindow} after it was made.",
        _ => $"It resets at {state.ResetsAt?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}.",
    };

    private static string Usd(decimal usd) => "$" + usd.ToString("0.######", CultureInfo.InvariantCulture);
}
