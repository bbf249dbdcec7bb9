namespace Tollgate.Core.Budgets;

/// <summary>Recorded spend on one model.</summary>
/// <param name="Model">The model as the ledger recorded it (served, else requested); null when none was recorded.</param>
/// <param name="Spent">Dollars and tokens.</param>
public sealed record BudgetSpendByModel(string? Model, BudgetCharge Spent);
