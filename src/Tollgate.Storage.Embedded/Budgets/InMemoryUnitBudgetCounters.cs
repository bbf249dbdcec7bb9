using Tollgate.Core.Budgets;

namespace Tollgate.Storage.Embedded.Budgets;

/// <summary>
/// Unit budget counters of one gateway process, in memory: per unit budget, the calls and spend of its current
/// period, under one lock. A budget's counter starts from the ledger's record of its period the first time it is used
/// (<see cref="IUnitSpendHistory"/>), the call being counted left out of that record, so a restart keeps the period's
/// figures; a period that ends starts the next at zero.
/// </summary>
public sealed class InMemoryUnitBudgetCounters : IUnitBudgetCounters
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Counter> _counters = new(StringComparer.Ordinal);
    private readonly IUnitSpendHistory? _history;
    private readonly TimeProvider _time;

    /// <summary>Creates counters that start from <paramref name="history"/> (none: from zero).</summary>
    public InMemoryUnitBudgetCounters(IUnitSpendHistory? history, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _history = history;
        _time = time;
    }

    /// <inheritdoc />
    public async ValueTask<UnitBudgetState> AddCallAsync(UnitBudget budget, string requestId, decimal costUsd, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(budget);
        await EnsureLoadedAsync(budget, requestId, cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            var counter = Current(budget, _time.GetUtcNow());
            counter.Calls++;
            counter.SpentUsd += costUsd;
            return new UnitBudgetState(budget, counter.Calls, counter.SpentUsd, counter.Window);
        }
    }

    /// <inheritdoc />
    public async ValueTask<UnitBudgetState> GetStateAsync(UnitBudget budget, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(budget);
        await EnsureLoadedAsync(budget, null, cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            var counter = Current(budget, _time.GetUtcNow());
            return new UnitBudgetState(budget, counter.Calls, counter.SpentUsd, counter.Window);
        }
    }

    /// <summary>The budget's counter brought up to <paramref name="now"/>: a period that has ended starts the next at zero. Under the lock.</summary>
    private Counter Current(UnitBudget budget, DateTimeOffset now)
    {
        var counter = _counters[budget.Id];
        if (counter.Window.ResetsAt is { } resetsAt && now >= resetsAt)
        {
            counter.Window = budget.Period.WindowAt(now);
            counter.Calls = 0;
            counter.SpentUsd = 0m;
        }

        return counter;
    }

    /// <summary>
    /// Makes sure the budget has a counter for its period, started from the ledger's record of it. The history is read
    /// outside the lock; when two calls start the same counter at once, the first one in wins.
    /// </summary>
    private async ValueTask EnsureLoadedAsync(UnitBudget budget, string? countingRequestId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_counters.TryGetValue(budget.Id, out var existing) && existing.Period == budget.Period)
            {
                return;
            }
        }

        var window = budget.Period.WindowAt(_time.GetUtcNow());
        var recorded = _history is null
            ? default
            : await _history.CallsSinceAsync(budget.Feature, window.Start, countingRequestId, cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            if (!_counters.TryGetValue(budget.Id, out var existing) || existing.Period != budget.Period)
            {
                _counters[budget.Id] = new Counter(budget.Period, window) { Calls = recorded.Calls, SpentUsd = recorded.Usd };
            }
        }
    }

    private sealed class Counter(BudgetPeriod period, BudgetWindow window)
    {
        public BudgetPeriod Period { get; } = period;

        public BudgetWindow Window { get; set; } = window;

        public long Calls { get; set; }

        public decimal SpentUsd { get; set; }
    }
}
