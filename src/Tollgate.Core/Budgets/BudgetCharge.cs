namespace Tollgate.Core.Budgets;

/// <summary>An amount counted against budgets: US dollars and tokens (input and output together).</summary>
/// <param name="Usd">Dollars.</param>
/// <param name="Tokens">Tokens.</param>
public readonly record struct BudgetCharge(decimal Usd, long Tokens)
{
    /// <summary>Nothing.</summary>
    public static BudgetCharge Zero => default;

    /// <summary>The sum of two charges.</summary>
    public static BudgetCharge operator +(BudgetCharge left, BudgetCharge right) => new(left.Usd + right.Usd, left.Tokens + right.Tokens);

    /// <summary>The difference of two charges.</summary>
    public static BudgetCharge operator -(BudgetCharge left, BudgetCharge right) => new(left.Usd - right.Usd, left.Tokens - right.Tokens);

    /// <summary>The sum of two charges.</summary>
    public static BudgetCharge Add(BudgetCharge left, BudgetCharge right) => left + right;

    /// <summary>The difference of two charges.</summary>
    public static BudgetCharge Subtract(BudgetCharge left, BudgetCharge right) => left - right;
}
