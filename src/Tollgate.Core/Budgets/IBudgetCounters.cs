namespace Tollgate.Core.Budgets;

/// <summary>
/// Budget spend and reservations. A reservation is made against every budget that applies to a request at once, all or
/// none, so concurrent requests can never together pass a limit: the check and the hold are one step. Settlement
/// replaces a reservation by the actual cost and gives back the rest. Implementations must be safe for concurrent use,
/// and a fresh one must know the spend of the current windows already recorded (after a restart, from the ledger).
/// </summary>
public interface IBudgetCounters
{
    /// <summary>
    /// Holds <paramref name="charge"/> against every budget of <paramref name="budgets"/>, or against none when it would
    /// take one that blocks past a limit (its spent plus reserved plus the charge above it): that budget's state is then
    /// the outcome. Budgets of the <see cref="BudgetPeriodKind.Request"/> period compare the charge alone with their limit.
    /// </summary>
    ValueTask<BudgetReserveOutcome> TryReserveAsync(IReadOnlyList<BudgetDefinition> budgets, BudgetCharge charge, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the reservation by <paramref name="actual"/> (the row's cost and tokens) in the windows it was made in, and
    /// gives back the rest; returns the warning fractions the spend crossed. Does nothing when the reservation was already
    /// settled or released. Spend settled after its window has ended counts in none.
    /// </summary>
    ValueTask<IReadOnlyList<BudgetThresholdCrossing>> SettleAsync(BudgetReservation reservation, BudgetCharge actual, CancellationToken cancellationToken = default);

    /// <summary>Gives the whole reservation back (the request ended without a cost); does nothing when already settled or released.</summary>
    ValueTask ReleaseAsync(BudgetReservation reservation, CancellationToken cancellationToken = default);

    /// <summary>Where <paramref name="budget"/> stands now.</summary>
    ValueTask<BudgetState> GetStateAsync(BudgetDefinition budget, CancellationToken cancellationToken = default);
}
