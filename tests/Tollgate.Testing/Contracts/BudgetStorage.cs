using Tollgate.Core.Budgets;
using Tollgate.Core.Ledger;

namespace Tollgate.Testing.Contracts;

/// <summary>
/// One opening of a budget backend for <see cref="BudgetStoreContract"/>: the definitions, the counters (started from the
/// ledger's record) and the ledger they start from, as one gateway process would have them.
/// </summary>
/// <param name="Store">Stored definitions and top-ups.</param>
/// <param name="Counters">Spend and reservations.</param>
/// <param name="Ledger">The ledger the counters start from.</param>
/// <param name="Close">Closes the opening (not the data).</param>
public sealed record BudgetStorage(IBudgetStore Store, IBudgetCounters Counters, ILedgerStore Ledger, Func<ValueTask> Close);
