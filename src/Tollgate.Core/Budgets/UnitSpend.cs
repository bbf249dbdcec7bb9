namespace Tollgate.Core.Budgets;

/// <summary>Calls of a feature and what they cost together.</summary>
/// <param name="Calls">How many calls.</param>
/// <param name="Usd">Their cost in US dollars.</param>
public readonly record struct UnitSpend(long Calls, decimal Usd);
