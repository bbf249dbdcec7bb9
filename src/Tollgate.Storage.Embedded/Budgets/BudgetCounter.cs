using Tollgate.Core.Budgets;

namespace Tollgate.Storage.Embedded.Budgets;

/// <summary>
/// One budget's figures in memory: the spend of its current window and what requests in flight hold reserved. A
/// calendar window starts again at zero when it ends (reservations still in flight carry over, and their spend counts
/// in none); a rolling window keeps its spend as timed entries and drops them as they age out. Not thread-safe: the
/// counters' lock guards it.
/// </summary>
internal sealed class BudgetCounter
{
    private readonly Queue<(DateTimeOffset At, BudgetCharge Spent)>? _rolling;
    private BudgetCharge _spent;

    public BudgetCounter(BudgetPeriod period, BudgetWindow window, BudgetCharge spent, DateTimeOffset now)
    {
        Period = period;
        Window = window;
        if (period.Kind == BudgetPeriodKind.Rolling)
        {
            // The history gives one total for the whole window, not when each part was spent: counted as spent now, it
            // stays a full window, the cautious side (it can only refuse early, never let spend pass the limit).
            _rolling = new Queue<(DateTimeOffset, BudgetCharge)>();
            if (spent != BudgetCharge.Zero)
            {
                _rolling.Enqueue((now, spent));
            }
        }

        _spent = spent;
    }

    public BudgetPeriod Period { get; }

    public BudgetWindow Window { get; private set; }

    public BudgetCharge Spent => _spent;

    public BudgetCharge Reserved { get; set; }

    /// <summary>Brings the window up to <paramref name="now"/>: a new calendar window starts empty, a rolling one drops what aged out.</summary>
    public void Advance(DateTimeOffset now)
    {
        if (_rolling is not null)
        {
            var start = now - Period.RollingWindow;
            while (_rolling.TryPeek(out var oldest) && oldest.At < start)
            {
                _spent -= _rolling.Dequeue().Spent;
            }

            Window = new BudgetWindow(start, null);
            return;
        }

        if (Window.ResetsAt is { } resetsAt && now >= resetsAt)
        {
            Window = Period.WindowAt(now);
            _spent = BudgetCharge.Zero;
        }
    }

    /// <summary>Adds settled spend made by a reservation taken when the window started at <paramref name="windowStart"/>.</summary>
    public void AddSpend(BudgetCharge spent, DateTimeOffset windowStart, DateTimeOffset now)
    {
        if (_rolling is not null)
        {
            _rolling.Enqueue((now, spent));
            _spent += spent;
        }
        else if (windowStart == Window.Start)
        {
            _spent += spent;
        }
    }
}
