namespace Tollgate.Core.Budgets;

/// <summary>The stretch of time whose spend counts against a budget now.</summary>
/// <param name="Start">Spend at or after this instant counts (<see cref="DateTimeOffset.MinValue"/>: all of it).</param>
/// <param name="ResetsAt">When the spend starts again at zero; null when it never does or the window moves continuously.</param>
public readonly record struct BudgetWindow(DateTimeOffset Start, DateTimeOffset? ResetsAt);
