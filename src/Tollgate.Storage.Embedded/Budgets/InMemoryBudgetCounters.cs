using Tollgate.Core.Budgets;
using Tollgate.Core.Pricing;

namespace Tollgate.Storage.Embedded.Budgets;

/// <summary>
/// Budget counters of one gateway process, in memory. One lock guards them all, so a reservation checks and holds every
/// budget of a request in one step: no other request can slip between the check and the hold, and a request refused by
/// one budget holds nothing in the others. A budget's counter starts from the ledger's record of its current window the
/// first time it is used (<see cref="IBudgetSpendHistory"/>): a restart never hands out a fresh budget, and what a
/// crashed process had reserved counts in its own window only, never in the next.
/// </summary>
public sealed class InMemoryBudgetCounters : IBudgetCounters
{
    private static readonly IReadOnlyList<BudgetThresholdCrossing> NoCrossings = [];

    private readonly Lock _lock = new();
    private readonly Dictionary<string, BudgetCounter> _counters = new(StringComparer.Ordinal);
    private readonly IBudgetSpendHistory? _history;
    private readonly PricingCatalog _pricing;
    private readonly TimeProvider _time;

    /// <summary>Creates counters that start from <paramref name="history"/> (none: from zero).</summary>
    /// <param name="history">The spend already recorded; null to start every budget empty.</param>
    /// <param name="pricing">Resolves the recorded models to the catalog's names, for budgets limited to a model or provider.</param>
    /// <param name="time">The clock the windows follow.</param>
    public InMemoryBudgetCounters(IBudgetSpendHistory? history, PricingCatalog pricing, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(pricing);
        ArgumentNullException.ThrowIfNull(time);
        _history = history;
        _pricing = pricing;
        _time = time;
    }

    /// <inheritdoc />
    public ValueTask<BudgetReserveOutcome> TryReserveAsync(IReadOnlyList<BudgetDefinition> budgets, BudgetCharge charge, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(budgets);

        // Once every counter is started (every request but the first of a budget's period), the reservation takes the
        // lock once and completes synchronously.
        lock (_lock)
        {
            if (AllLoaded(budgets))
            {
                return ValueTask.FromResult(Reserve(budgets, charge));
            }
        }

        return LoadThenReserveAsync(budgets, charge, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<BudgetThresholdCrossing>> SettleAsync(BudgetReservation reservation, BudgetCharge actual, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        if (!reservation.TryComplete())
        {
            return ValueTask.FromResult(NoCrossings);
        }

        List<BudgetThresholdCrossing>? crossings = null;
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            for (var i = 0; i < reservation.Budgets.Count; i++)
            {
                var budget = reservation.Budgets[i];
                if (!budget.Period.Accumulates || !_counters.TryGetValue(budget.Id, out var counter))
                {
                    continue;
                }

                counter.Advance(now);
                counter.Reserved -= reservation.Charge;
                var before = counter.Spent;
                counter.AddSpend(actual, reservation.WindowStarts[i], now);
                var after = counter.Spent;
                // Indexed, not foreach: the fractions are an IReadOnlyList, whose enumerator would be allocated per budget.
                var warnAt = budget.WarnAt;
                for (var f = 0; f < warnAt.Count; f++)
                {
                    // The spend after first: far from a fraction (most settlements), one comparison decides.
                    var fraction = warnAt[f];
                    if (Reached(budget, after, fraction) && !Reached(budget, before, fraction))
                    {
                        (crossings ??= []).Add(new BudgetThresholdCrossing(budget, fraction, new BudgetState(budget, counter.Spent, counter.Reserved, counter.Window)));
                    }
                }
            }
        }

        return ValueTask.FromResult<IReadOnlyList<BudgetThresholdCrossing>>(crossings is null ? NoCrossings : crossings);
    }

    /// <inheritdoc />
    public ValueTask ReleaseAsync(BudgetReservation reservation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        if (!reservation.TryComplete())
        {
            return ValueTask.CompletedTask;
        }

        lock (_lock)
        {
            foreach (var budget in reservation.Budgets)
            {
                if (budget.Period.Accumulates && _counters.TryGetValue(budget.Id, out var counter))
                {
                    counter.Reserved -= reservation.Charge;
                }
            }
        }

        return ValueTask.CompletedTask;
    }

    private async ValueTask<BudgetReserveOutcome> LoadThenReserveAsync(IReadOnlyList<BudgetDefinition> budgets, BudgetCharge charge, CancellationToken cancellationToken)
    {
        for (var i = 0; i < budgets.Count; i++)
        {
            await EnsureLoadedAsync(budgets[i], cancellationToken).ConfigureAwait(false);
        }

        lock (_lock)
        {
            return Reserve(budgets, charge);
        }
    }

    /// <summary>Whether every budget of <paramref name="budgets"/> that accumulates has its counter for its period. Under the lock.</summary>
    private bool AllLoaded(IReadOnlyList<BudgetDefinition> budgets)
    {
        for (var i = 0; i < budgets.Count; i++)
        {
            var budget = budgets[i];
            if (budget.Period.Accumulates && !(_counters.TryGetValue(budget.Id, out var counter) && counter.Period == budget.Period))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Checks <paramref name="charge"/> against every budget, then holds it in all of them, or in none. Under the lock.</summary>
    private BudgetReserveOutcome Reserve(IReadOnlyList<BudgetDefinition> budgets, BudgetCharge charge)
    {
        var now = _time.GetUtcNow();
        for (var i = 0; i < budgets.Count; i++)
        {
            var budget = budgets[i];

            // The state is made only for a refusal: a request let through needs the figures, not an object of them.
            var held = BudgetCharge.Zero;
            if (budget.Period.Accumulates)
            {
                var counter = _counters[budget.Id];
                counter.Advance(now);
                held = counter.Spent + counter.Reserved;
            }

            if (budget.Block && Exceeds(budget, held + charge))
            {
                return new BudgetReserveOutcome { RefusedBy = StateOf(budget, now) };
            }
        }

        var starts = new DateTimeOffset[budgets.Count];
        decimal? remaining = null;
        for (var i = 0; i < budgets.Count; i++)
        {
            var budget = budgets[i];
            BudgetCharge held;
            if (budget.Period.Accumulates)
            {
                var counter = _counters[budget.Id];
                counter.Reserved += charge;
                starts[i] = counter.Window.Start;
                held = counter.Spent + counter.Reserved;
            }
            else
            {
                held = charge;
            }

            if (budget.EffectiveLimitUsd is { } limit)
            {
                var left = Math.Max(0m, limit - held.Usd);
                remaining = remaining is { } smallest ? Math.Min(smallest, left) : left;
            }
        }

        return new BudgetReserveOutcome { Reservation = new BudgetReservation(budgets, starts, charge, remaining) };
    }

    /// <inheritdoc />
    public async ValueTask<BudgetState> GetStateAsync(BudgetDefinition budget, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(budget);
        await EnsureLoadedAsync(budget, cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            return StateOf(budget, _time.GetUtcNow());
        }
    }

    /// <summary>Whether holding <paramref name="held"/> (spent, reserved and the new charge) would take the budget past one of its limits.</summary>
    private static bool Exceeds(BudgetDefinition budget, BudgetCharge held) => (budget.EffectiveLimitUsd is { } usd && held.Usd > usd) || (budget.LimitTokens is { } tokens && held.Tokens > tokens);

    /// <summary>
    /// Whether <paramref name="spent"/> uses at least <paramref name="fraction"/> of the budget: of its dollar limit when it
    /// has one (else the share is 0), or of its token limit. The spend is compared with the fraction of the limit, a
    /// multiplication, rather than divided by the limit; a limit of 0 is reached by any spend.
    /// </summary>
    private static bool Reached(BudgetDefinition budget, BudgetCharge spent, decimal fraction)
    {
        var reached = budget.EffectiveLimitUsd is { } usd
            ? usd > 0m ? spent.Usd >= fraction * usd : spent.Usd > 0m || fraction <= 0m
            : fraction <= 0m;
        return reached
            || (budget.LimitTokens is { } tokens && (tokens > 0 ? spent.Tokens >= fraction * tokens : spent.Tokens > 0 || fraction <= 0m));
    }

    /// <summary>The budget's state at <paramref name="now"/>; its counter, when it accumulates, brought up to date. Under the lock.</summary>
    private BudgetState StateOf(BudgetDefinition budget, DateTimeOffset now)
    {
        if (!budget.Period.Accumulates)
        {
            return new BudgetState(budget, BudgetCharge.Zero, BudgetCharge.Zero, budget.Period.WindowAt(now));
        }

        var counter = _counters[budget.Id];
        counter.Advance(now);
        return new BudgetState(budget, counter.Spent, counter.Reserved, counter.Window);
    }

    /// <summary>
    /// Makes sure the budget has a counter for its period, started from the recorded spend of its current window. The
    /// history is read outside the lock; when two requests start the same counter at once, the first one in wins.
    /// </summary>
    private async ValueTask EnsureLoadedAsync(BudgetDefinition budget, CancellationToken cancellationToken)
    {
        if (!budget.Period.Accumulates)
        {
            return;
        }

        lock (_lock)
        {
            if (_counters.TryGetValue(budget.Id, out var existing) && existing.Period == budget.Period)
            {
                return;
            }
        }

        var now = _time.GetUtcNow();
        var window = budget.Period.WindowAt(now);
        var spent = await RecordedSpendAsync(budget, window.Start, cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            if (_counters.TryGetValue(budget.Id, out var existing))
            {
                if (existing.Period == budget.Period)
                {
                    return;
                }

                // The period changed (a reloaded configuration): the new window starts from the record, and what is
                // in flight stays reserved.
                _counters[budget.Id] = new BudgetCounter(budget.Period, window, spent, now) { Reserved = existing.Reserved };
                return;
            }

            _counters.Add(budget.Id, new BudgetCounter(budget.Period, window, spent, now));
        }
    }

    private async ValueTask<BudgetCharge> RecordedSpendAsync(BudgetDefinition budget, DateTimeOffset since, CancellationToken cancellationToken)
    {
        if (_history is null)
        {
            return BudgetCharge.Zero;
        }

        var spent = BudgetCharge.Zero;
        foreach (var group in await _history.SpentSinceAsync(budget.Scope, since, cancellationToken).ConfigureAwait(false))
        {
            var price = _pricing.Find(group.Model);
            if (budget.CountsModel(price?.Model ?? group.Model, price?.Provider))
            {
                spent += group.Spent;
            }
        }

        return spent;
    }
}
