namespace Tollgate.Core.Budgets;

/// <summary>
/// What a reservation attempt came to: the reservation, held against every budget, or the budget that refused it
/// (nothing is then held anywhere).
/// </summary>
public readonly record struct BudgetReserveOutcome
{
    /// <summary>The reservation made; null when refused.</summary>
    public BudgetReservation? Reservation { get; init; }

    /// <summary>The state of the first budget the charge would have taken past a limit; null when reserved.</summary>
    public BudgetState? RefusedBy { get; init; }
}
