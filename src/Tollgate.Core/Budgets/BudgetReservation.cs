namespace Tollgate.Core.Budgets;

/// <summary>
/// A request's worst-case cost held against every budget that applies to it, until its actual cost replaces it
/// (<see cref="IBudgetCounters.SettleAsync"/>) or it is given back (<see cref="IBudgetCounters.ReleaseAsync"/>).
/// Either happens once: the first to <see cref="TryComplete"/> it does it.
/// </summary>
public sealed class BudgetReservation
{
    private int _completed;

    /// <summary>Creates a reservation of <paramref name="charge"/> against <paramref name="budgets"/>, each in the window it had then.</summary>
    /// <param name="budgets">The budgets held, in the order given.</param>
    /// <param name="windowStarts">Start of each budget's window when the reservation was made (same order).</param>
    /// <param name="charge">The worst-case cost held.</param>
    /// <param name="remainingUsd">The smallest number of dollars the budgets have left, this reservation counted; null when none limits dollars.</param>
    public BudgetReservation(IReadOnlyList<BudgetDefinition> budgets, IReadOnlyList<DateTimeOffset> windowStarts, BudgetCharge charge, decimal? remainingUsd)
    {
        ArgumentNullException.ThrowIfNull(budgets);
        ArgumentNullException.ThrowIfNull(windowStarts);
        Budgets = budgets;
        WindowStarts = windowStarts;
        Charge = charge;
        RemainingUsd = remainingUsd;
    }

    /// <summary>The budgets held.</summary>
    public IReadOnlyList<BudgetDefinition> Budgets { get; }

    /// <summary>Start of each budget's window when the reservation was made: spend settled later counts there, or nowhere once it is over.</summary>
    public IReadOnlyList<DateTimeOffset> WindowStarts { get; }

    /// <summary>The worst-case cost held.</summary>
    public BudgetCharge Charge { get; }

    /// <summary>The smallest number of dollars the budgets have left, this reservation counted; null when none limits dollars.</summary>
    public decimal? RemainingUsd { get; }

    /// <summary>Whether the reservation has been settled or released.</summary>
    public bool IsCompleted => Volatile.Read(ref _completed) != 0;

    /// <summary>Marks the reservation done; true for the one caller that is to settle or release it.</summary>
    public bool TryComplete() => Interlocked.Exchange(ref _completed, 1) == 0;
}
