using System.Threading.Channels;
using Tollgate.Core.Responses;

namespace Tollgate.Gateway.Responses;

/// <summary>
/// Hands background responses from the requests that learn of them (<see cref="StoredResponseTracker"/>) to
/// <see cref="BackgroundResponseSettlement"/>, without the request waiting for what is done with them. Only a hint:
/// what must survive a crash is in the store (<see cref="IResponseOwnershipStore.AddPendingSettlementAsync"/>) first.
/// </summary>
internal sealed class BackgroundSettlementQueue
{
    private readonly Channel<BackgroundSettlementWork> _channel =
        Channel.CreateUnbounded<BackgroundSettlementWork>(new UnboundedChannelOptions { SingleReader = true });

    public ChannelReader<BackgroundSettlementWork> Reader => _channel.Reader;

    /// <summary>A background response whose row now waits for its usage.</summary>
    public void Queued(PendingSettlement pending) => _channel.Writer.TryWrite(new BackgroundSettlementWork(pending.ResponseId, pending, null));

    /// <summary>A response a client's call showed ended; it settles a pending row, if it has one.</summary>
    public void Ended(string responseId, BackgroundResponseOutcome outcome) => _channel.Writer.TryWrite(new BackgroundSettlementWork(responseId, null, outcome));
}
