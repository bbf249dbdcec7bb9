namespace Tollgate.Core.Budgets;

/// <summary>A budget's spend reached one of its warning fractions (<see cref="BudgetDefinition.WarnAt"/>) in its current window.</summary>
/// <param name="Budget">The budget.</param>
/// <param name="Fraction">The fraction reached (0.8 for 80 %).</param>
/// <param name="State">The budget's state right after the spend that crossed it.</param>
public sealed record BudgetThresholdCrossing(BudgetDefinition Budget, decimal Fraction, BudgetState State);
