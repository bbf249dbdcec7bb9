using Tollgate.Core.Budgets;

namespace Tollgate.Gateway.Metrics;

/// <summary>
/// What the budget gauges show of one budget (or of the tier members counted as <c>other</c>): its spend in the current
/// window, its dollar limit, its utilisation and, for a unit budget, its average and target per 1,000 calls.
/// </summary>
internal readonly record struct BudgetReading(double Spent, double? Limit, double? Utilisation, double? UsdPer1000Calls = null, double? TargetUsdPer1000Calls = null)
{
    /// <summary>A budget's reading: spend over its dollar limit, or over its token limit when it limits only tokens.</summary>
    public static BudgetReading Of(BudgetState state)
    {
        var budget = state.Budget;
        double? utilisation = budget.EffectiveLimitUsd is { } limit
            ? limit == 0m ? 1 : (double)(state.Spent.Usd / limit)
            : budget.LimitTokens is { } tokens ? tokens == 0 ? 1 : (double)state.Spent.Tokens / tokens : null;
        return new BudgetReading((double)state.Spent.Usd, (double?)budget.EffectiveLimitUsd, utilisation);
    }

    /// <summary>A unit budget's reading: its period's average over its target is its utilisation (none before the first call).</summary>
    public static BudgetReading Of(UnitBudgetState state)
    {
        var target = state.Budget.UsdPer1000Calls;
        double? utilisation = state.UsdPer1000Calls is { } average ? target == 0m ? 1 : (double)(average / target) : null;
        return new BudgetReading((double)state.SpentUsd, null, utilisation, (double?)state.UsdPer1000Calls, (double)target);
    }

    /// <summary>
    /// Two readings counted as one (tier members past the label cap): spend and limits add up, the utilisation is the
    /// highest of the two, so <c>other</c> still shows how close its most used member is to its limit.
    /// </summary>
    public BudgetReading Merge(BudgetReading other) => new(
        Spent + other.Spent,
        Limit is { } limit && other.Limit is { } otherLimit ? limit + otherLimit : null,
        Utilisation is { } utilisation && other.Utilisation is { } otherUtilisation ? Math.Max(utilisation, otherUtilisation) : Utilisation ?? other.Utilisation);
}
