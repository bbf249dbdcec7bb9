using System.Collections.Concurrent;
using Tollgate.Core.Limits;

namespace Tollgate.Storage.Embedded.Limits;

/// <summary>
/// The rate limits of one gateway process, in memory: a bucket is one TAT (<see cref="Gcra"/>) behind its own lock, and
/// a request's buckets are locked together (always in the order they were created, so two requests never wait on each
/// other in a circle) to take all of them or none. A bucket whose TAT has passed is full again, as if it had never been
/// used, so a sweep (at most every <see cref="SweepInterval"/>, off the request's path) forgets it: memory holds the
/// buckets used in about the last minute, not every user or key ever seen.
/// </summary>
public sealed class InMemoryRateLimitStore : IRateLimitStore
{
    /// <summary>How often, by the times requests bring, idle buckets are forgotten.</summary>
    public static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(30);

    // Requests take a handful of buckets: their indexes are sorted on the stack up to this many.
    private const int StackDemands = 16;

    private readonly ConcurrentDictionary<(string Rule, string Value), Cell> _cells = new();
    private long _nextCellOrder;
    private long _nextSweep;
    private int _sweeping;

    /// <summary>The buckets held now (used within about the last minute, or not yet swept).</summary>
    public int Count => _cells.Count;

    /// <inheritdoc />
    public ValueTask<RateLimitDecision> AcquireAsync(IReadOnlyList<RateLimitDemand> demands, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(demands);
        var ticks = now.UtcTicks;
        var decision = demands.Count == 0 ? RateLimitDecision.Allowed : Acquire(demands, ticks);
        SweepIfDue(ticks);
        return ValueTask.FromResult(decision);
    }

    /// <inheritdoc />
    public ValueTask CorrectAsync(RateLimitDemand correction, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        if (correction.Amount == 0)
        {
            return ValueTask.CompletedTask;
        }

        var ticks = now.UtcTicks;
        while (true)
        {
            var cell = CellOf(correction.Bucket);
            lock (cell.Gate)
            {
                if (cell.Removed)
                {
                    continue; // swept between the lookup and the lock: a new cell takes its place
                }

                cell.Tat = Gcra.Correct(cell.Tat, ticks, correction.Bucket, correction.Amount);
                break;
            }
        }

        SweepIfDue(ticks);
        return ValueTask.CompletedTask;
    }

    /// <summary>Forgets every bucket at rest at <paramref name="now"/> (its TAT passed): the sweep requests start on their own.</summary>
    public void Sweep(DateTimeOffset now)
    {
        var ticks = now.UtcTicks;
        foreach (var entry in _cells)
        {
            var cell = entry.Value;
            lock (cell.Gate)
            {
                if (cell.Tat > ticks || cell.Removed)
                {
                    continue;
                }

                cell.Removed = true;
                _cells.TryRemove(entry);
            }
        }
    }

    private RateLimitDecision Acquire(IReadOnlyList<RateLimitDemand> demands, long now)
    {
        var count = demands.Count;
        var cells = new Cell[count];
        Span<int> order = count <= StackDemands ? stackalloc int[count] : new int[count];
        Span<long> tats = count <= StackDemands ? stackalloc long[count] : new long[count];
        while (true)
        {
            for (var i = 0; i < count; i++)
            {
                cells[i] = CellOf(demands[i].Bucket);
                order[i] = i;
            }

            SortByCreation(order, cells);
            var locked = 0;
            try
            {
                var swept = false;
                for (; locked < count; locked++)
                {
                    var cell = cells[order[locked]];
                    cell.Gate.Enter();
                    swept |= cell.Removed;
                }

                if (!swept)
                {
                    return TakeAll(demands, cells, tats, now);
                }
            }
            finally
            {
                for (var i = locked - 1; i >= 0; i--)
                {
                    cells[order[i]].Gate.Exit();
                }
            }
        }
    }

    /// <summary>With every cell locked: checks each demand against its cell's TAT, then moves all the TATs, or none.</summary>
    private static RateLimitDecision TakeAll(IReadOnlyList<RateLimitDemand> demands, Cell[] cells, Span<long> tats, long now)
    {
        var refused = -1;
        var longest = TimeSpan.Zero;
        for (var i = 0; i < demands.Count; i++)
        {
            var demand = demands[i];
            if (!Gcra.TryTake(cells[i].Tat, now, demand.Bucket, demand.Amount, out tats[i], out var wait) && (refused < 0 || wait > longest))
            {
                refused = i;
                longest = wait;
            }
        }

        if (refused >= 0)
        {
            return longest == TimeSpan.MaxValue ? RateLimitDecision.TooLarge(refused) : RateLimitDecision.Refused(refused, longest);
        }

        for (var i = 0; i < demands.Count; i++)
        {
            cells[i].Tat = tats[i];
        }

        return RateLimitDecision.Allowed;
    }

    private Cell CellOf(RateLimitBucket bucket) =>
        _cells.TryGetValue((bucket.Rule, bucket.Value), out var cell)
            ? cell
            : _cells.GetOrAdd((bucket.Rule, bucket.Value), static (_, store) => new Cell(Interlocked.Increment(ref store._nextCellOrder)), this);

    private static void SortByCreation(Span<int> order, Cell[] cells)
    {
        for (var i = 1; i < order.Length; i++)
        {
            var item = order[i];
            var j = i - 1;
            for (; j >= 0 && cells[order[j]].Order > cells[item].Order; j--)
            {
                order[j + 1] = order[j];
            }

            order[j + 1] = item;
        }
    }

    private void SweepIfDue(long now)
    {
        // One sweep at a time; the next is due an interval after this one starts.
        if (now < Volatile.Read(ref _nextSweep) || Interlocked.CompareExchange(ref _sweeping, 1, 0) != 0)
        {
            return;
        }

        Volatile.Write(ref _nextSweep, now + SweepInterval.Ticks);
        ThreadPool.UnsafeQueueUserWorkItem(
            static state =>
            {
                try
                {
                    state.Store.Sweep(new DateTimeOffset(state.Now, TimeSpan.Zero));
                }
                finally
                {
                    Volatile.Write(ref state.Store._sweeping, 0);
                }
            },
            (Store: this, Now: now),
            preferLocal: false);
    }

    private sealed class Cell(long order)
    {
        public readonly Lock Gate = new();

        public long Order { get; } = order;

        /// <summary>The theoretical arrival time, in UTC ticks; 0 (long past) for a bucket never used.</summary>
        public long Tat { get; set; }

        /// <summary>Set, under <see cref="Gate"/>, when a sweep removed the cell; a request that finds it so looks again.</summary>
        public bool Removed { get; set; }
    }
}
