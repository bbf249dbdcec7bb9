using System.Globalization;

namespace Tollgate.Core.Budgets;

/// <summary>
/// A feature's unit budget: what one call of the feature should cost on average, as US dollars per 1,000 calls, over
/// a calendar period. It warns and never refuses: when the period's average passes the target by more than
/// <see cref="AlertAbove"/> once at least <see cref="MinCalls"/> calls have been made, one alert is raised for the period.
/// A call is a settled request of the feature that reached the provider or that a lever answered (a cache hit, a
/// coalesced waiter); its cost is the row's, so cache hits lower the average.
/// </summary>
/// <param name="Feature">The feature, as requests name it.</param>
/// <param name="UsdPer1000Calls">The target average, in US dollars per 1,000 calls.</param>
/// <param name="Period">The calendar period the average is taken over (hour, day, week or month).</param>
/// <param name="MinCalls">How many calls a period needs before its average can raise the alert.</param>
public sealed record UnitBudget(string Feature, decimal UsdPer1000Calls, BudgetPeriod Period, int MinCalls)
{
    /// <summary>How many calls a period needs by default before its average is judged.</summary>
    public const int DefaultMinCalls = 20;

    /// <summary>The share of the target the average must pass for the alert: 1.2, a target exceeded by 20%.</summary>
    public const decimal AlertAbove = 1.2m;

    /// <summary>The unit budget's id, <c>unit:FEATURE</c>: how <c>/admin/budgets</c> and the alerts name it.</summary>
    public string Id => "unit:" + Feature;

    /// <summary>The name shown to people.</summary>
    public string DisplayName => string.Create(CultureInfo.InvariantCulture, $"{Feature}: ${UsdPer1000Calls:0.######} per 1,000 calls");

    /// <summary>The scope the budget follows, <c>feature:FEATURE</c>.</summary>
    public BudgetScope Scope => new(BudgetScopeKind.Feature, Feature);

    /// <summary>
    /// Reads a period name for a unit budget: <c>hour</c>, <c>day</c>, <c>week</c> or <c>month</c> (the default, when
    /// null), in UTC; null with <paramref name="problem"/> saying why otherwise.
    /// </summary>
    public static BudgetPeriod? ReadPeriod(string? name, out string? problem)
    {
        problem = null;
        BudgetPeriodKind? kind = (name?.Trim().ToLowerInvariant() ?? "month") switch
        {
            "hour" => BudgetPeriodKind.Hour,
            "day" => BudgetPeriodKind.Day,
            "week" => BudgetPeriodKind.Week,
            "month" => BudgetPeriodKind.Month,
            _ => null,
        };
        if (kind is null)
        {
            problem = $"period \"{name}\" is no calendar period; a unit budget's period is hour, day, week or month";
            return null;
        }

        return new BudgetPeriod(kind.Value);
    }
}
