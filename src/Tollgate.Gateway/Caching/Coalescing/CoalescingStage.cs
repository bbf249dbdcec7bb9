using Tollgate.Core.Exchange;
using Tollgate.Core.Ledger;
using Tollgate.Core.Pipeline;
using Tollgate.Gateway.Budgets;

namespace Tollgate.Gateway.Caching.Coalescing;

/// <summary>
/// One upstream call for concurrent identical requests. A request the cache stage let look up an answer (and found
/// none) joins the call in flight for its key, or leads a new one: the leader goes on through the rest of the
/// pipeline with the call's own cancellation, and its answer is pumped into a buffer every participant is written
/// from, streams as they arrive. A waiter that asked for the other form (a stream where the leader asked for a whole
/// body, or the reverse) gets the answer made over into its own once it has ended. Waiters make no call, so they
/// reserve and spend nothing: each is settled at cost 0 with the call's usage as its baseline
/// (<see cref="Levers.Coalesced"/>), unless chargeback holds them against their budgets (<see cref="CacheChargeback"/>:
/// the call's worst case while they wait, settled at their baseline). A provider error, an unreachable provider or a timeout reaches every waiter as it
/// reached the leader; a refusal the leader met before any upstream attempt (its budget, its rate limit) is its own,
/// and a waiter leads instead.
/// </summary>
internal sealed class CoalescingStage : IExchangeStage
{
    private static readonly ExchangeRejection BrokenOff =
        new(502, ErrorTypes.UpstreamUnreachable, "The provider's answer to an identical call in flight broke off.");

    private static readonly ExchangeRejection NoWholeAnswer =
        new(502, ErrorTypes.UpstreamStreamCut, "The provider's answer to an identical call in flight did not end as a complete answer.");

    private readonly CoalescedCalls _calls = new();
    private readonly CacheChargeback _chargeback;

    public CoalescingStage(CacheChargeback chargeback) => _chargeback = chargeback;

    public string Name => "coalesce";

    /// <summary>The calls in flight.</summary>
    internal CoalescedCalls Calls => _calls;

    public ValueTask InvokeAsync(ExchangeContext exchange, ExchangeHandler next) =>
        exchange.Cache is { Lookup: true } decision
            ? CoalesceAsync(exchange, CoalescedCallKey.Of(exchange, decision), next)
            : next(exchange);

    private async ValueTask CoalesceAsync(ExchangeContext exchange, CoalescedCallKey key, ExchangeHandler next)
    {
        while (true)
        {
            var call = _calls.Join(key, exchange.Request.Stream, out var leads);
            if (leads)
            {
                await LeadAsync(exchange, call, next).ConfigureAwait(false);
                return;
            }

            if (await WaitAsync(exchange, call).ConfigureAwait(false))
            {
                await _chargeback.CompleteAsync(exchange).ConfigureAwait(false);
                return;
            }

            // The leader was refused on its own account before calling: join again, and one of the waiters leads (and
            // holds its own call's worst case in the reserve stage, not a waiter's).
            await _chargeback.ReleaseAsync(exchange).ConfigureAwait(false);
        }
    }

    private static async ValueTask LeadAsync(ExchangeContext exchange, CoalescedCall call, ExchangeHandler next)
    {
        var participant = new CoalescedParticipant(call, exchange.Aborted);
        try
        {
            exchange.UpstreamAborted = call.UpstreamAborted;
            exchange.AddAnswerInterceptor(new SharedAnswerPump(call));
            await next(exchange).ConfigureAwait(false);
        }
        finally
        {
            // Only a refusal that followed an upstream attempt (unreachable, timed out) belongs to the call.
            call.Finish(exchange.UpstreamAttempts.Count > 0 ? exchange.Rejection : null);
            participant.Dispose();
        }
    }

    /// <summary>Waits for the leader's answer and writes it; false when the leader was refused on its own account.</summary>
    private async ValueTask<bool> WaitAsync(ExchangeContext exchange, CoalescedCall call)
    {
        var participant = new CoalescedParticipant(call, exchange.Aborted);
        try
        {
            if (exchange.BudgetReservation is null && !await _chargeback.TryHoldWaiterAsync(exchange).ConfigureAwait(false))
            {
                return true; // refused by its budgets, as a call would be
            }

            var head = await call.Head.WaitAsync(exchange.Aborted).ConfigureAwait(false);
            if (head is null)
            {
                if (await call.Outcome.ConfigureAwait(false) is not { } shared)
                {
                    return false;
                }

                AnsweredByTheCall(exchange);
                exchange.Reject(shared);
                return true;
            }

            AnsweredByTheCall(exchange);

            // A chat stream, the leader's or one made from its body, always carries the usage chunk (the call stage asks
            // for it); the relay removes it, and the null usage of each chunk, for a client that did not ask.
            exchange.StreamUsageAddedByGateway = exchange.Operation == ExchangeOperation.ChatCompletions && exchange.Request.Stream && !exchange.Request.ClientIncludesUsage;
            if (exchange.Request.Stream != call.LeaderStreams && head.Status is >= 200 and < 300)
            {
                await RespondInOwnFormAsync(exchange, call, head).ConfigureAwait(false);
                return true;
            }

            using var answer = new SharedAnswer(head, call.Body);
            try
            {
                await exchange.RespondAsync(answer).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is IOException or OperationCanceledException && !exchange.Aborted.IsCancellationRequested && !exchange.ResponseStarted)
            {
                // A whole answer that broke off (or stalled past the deadline) before a byte was written: the same
                // refusal the call stage made the leader.
                exchange.Reject(await call.Outcome.WaitAsync(exchange.Aborted).ConfigureAwait(false) ?? BrokenOff);
            }

            return true;
        }
        finally
        {
            participant.Dispose();
        }
    }

    /// <summary>
    /// Writes a waiter that asked for the other form the answer made over into its own, once the answer has ended: a
    /// stream waits for the leader's whole body, a whole request for the leader's stream to finish.
    /// </summary>
    private static async ValueTask RespondInOwnFormAsync(ExchangeContext exchange, CoalescedCall call, AnswerHead head)
    {
        byte[] recorded;
        try
        {
            var reader = new AnswerBufferStream(call.Body);
            await using (reader.ConfigureAwait(false))
            {
                using var copy = new MemoryStream();
                await reader.CopyToAsync(copy, exchange.Aborted).ConfigureAwait(false);
                recorded = copy.ToArray();
            }
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException && !exchange.Aborted.IsCancellationRequested)
        {
            exchange.Reject(await call.Outcome.WaitAsync(exchange.Aborted).ConfigureAwait(false) ?? NoWholeAnswer);
            return;
        }

        var converted = !exchange.Request.Stream ? (head.IsEventStream ? OtherFormAnswer.ToBody(exchange.Operation, recorded) : recorded)
            : head.IsEventStream ? recorded : OtherFormAnswer.ToEventStream(exchange.Operation, recorded);
        if (converted is null)
        {
            exchange.Reject(NoWholeAnswer);
            return;
        }

        using var answer = new StoredAnswer(head.Status, head.Protocol, converted, isEventStream: exchange.Request.Stream);
        await exchange.RespondAsync(answer).ConfigureAwait(false);
    }

    private static void AnsweredByTheCall(ExchangeContext exchange)
    {
        exchange.AnsweredBy = Levers.Coalesced;
        exchange.CacheStatus = CacheStatuses.Coalesced;
    }
}
