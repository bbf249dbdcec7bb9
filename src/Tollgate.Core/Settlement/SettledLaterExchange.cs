using Tollgate.Core.Exchange;
using Tollgate.Core.Ledger;

namespace Tollgate.Core.Settlement;

/// <summary>
/// The exchange a background response's row is settled as once its usage is known, long after the call that created
/// it was answered (and perhaps in another run of the gateway): built from that call's row, it carries what pricing
/// and the settlement observers read. Nothing is answered through it any more.
/// </summary>
internal sealed class SettledLaterExchange : ExchangeContext
{
    public SettledLaterExchange(LedgerEntry queued)
        : base(queued.RequestId, WireProtocol.OpenAI, ExchangeOperation.Responses, queued.Endpoint, queued.Timestamp)
    {
        Request = new RequestFacts { Model = queued.RequestedModel, Stream = queued.Stream, Background = true };
        User = queued.User;
        Feature = queued.Feature;
        Team = queued.Team;
        Tags = queued.Tags;
        TaskType = queued.TaskType;
        WorkloadClass = queued.WorkloadClass;
        CacheStatus = queued.CacheStatus;
        Provider = queued.Provider;
        Status = queued.Status;
        Attempts = queued.Attempts;
        ProviderMayHaveBilled = true;
        Settled = true;
    }

    public override bool ResponseStarted => true;

    protected override ValueTask WriteAnswerAsync(ExchangeAnswer answer, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("A background response's creating call was answered long ago; its settlement answers nobody.");
}
