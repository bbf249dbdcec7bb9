using System.Collections.Concurrent;
using Tollgate.Core.Exchange;
using Tollgate.Core.Pipeline;
using Tollgate.Gateway.Caching.Coalescing;

namespace Tollgate.Gateway.Tests.Caching.Coalescing;

/// <summary>
/// A stage after coalescing, in the budget reservation's place, so only a call's leader reaches it: it holds each
/// leader until the clients a test expects are all waiting on its call (so a test's requests overlap however slow the
/// machine), and refuses one caller on its own account, as an exhausted budget would.
/// </summary>
internal sealed class LeaderGate : IExchangeStage
{
    private static readonly TimeSpan MaxHold = TimeSpan.FromSeconds(30);
    private readonly ConcurrentQueue<int> _holds = new();
    private TaskCompletionSource _holding = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Name => "reserve";

    /// <summary>The gateway's calls in flight, set once it has started.</summary>
    public CoalescedCalls? Calls { get; set; }

    /// <summary>The user refused with 402 here, before any upstream attempt; none when null.</summary>
    public string? RefusedUser { get; set; }

    /// <summary>Completes when a leader has begun to be held.</summary>
    public Task Holding => _holding.Task;

    /// <summary>Holds the next leaders, one per number, until that many clients wait on each one's call.</summary>
    public void HoldLeaders(params int[] waiting)
    {
        _holds.Clear();
        _holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        RefusedUser = null;
        foreach (var count in waiting)
        {
            _holds.Enqueue(count);
        }
    }

    public async ValueTask InvokeAsync(ExchangeContext exchange, ExchangeHandler next)
    {
        if (exchange.Cache is { } decision && _holds.TryDequeue(out var expected))
        {
            _holding.TrySetResult();
            var key = CoalescedCallKey.Of(exchange, decision);
            var deadline = DateTime.UtcNow + MaxHold;
            while (Calls!.CountWaiting(key) < expected)
            {
                if (DateTime.UtcNow > deadline)
                {
                    // Said plainly, so a test whose requests never came together fails with this instead of passing by chance.
                    exchange.Reject(503, ErrorTypes.Internal, $"Test gate: {Calls.CountWaiting(key)} of the {expected} clients expected were waiting on the call.");
                    return;
                }

                await Task.Delay(10);
            }
        }

        if (RefusedUser is not null && exchange.User == RefusedUser)
        {
            exchange.Reject(402, ErrorTypes.BudgetExceeded, "The test budget of this user is exhausted.");
            return;
        }

        await next(exchange);
    }
}
