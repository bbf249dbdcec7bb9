namespace Tollgate.Core.Budgets;

/// <summary>
/// The spend already recorded in the ledger, from which budget counters start (after a restart, or when a budget is
/// added): settled rows at their cost, and rows a crashed process left pending at the reservation written with them.
/// </summary>
public interface IBudgetSpendHistory
{
    /// <summary>
    /// The spend of the requests in <paramref name="scope"/> that arrived at or after <paramref name="since"/>, by the
    /// model that served them (or was asked for, when none did), so the caller can apply model and provider filters.
    /// Requests still in flight in this process are not included: their reservations are counted where they were made.
    /// </summary>
    ValueTask<IReadOnlyList<BudgetSpendByModel>> SpentSinceAsync(BudgetScope scope, DateTimeOffset since, CancellationToken cancellationToken = default);
}
