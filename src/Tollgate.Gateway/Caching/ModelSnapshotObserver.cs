using Tollgate.Core.Exchange;
using Tollgate.Core.Ledger;
using Tollgate.Core.Settlement;

namespace Tollgate.Gateway.Caching;

/// <summary>
/// Teaches <see cref="ModelSnapshots"/> from every settled live answer of a cacheable operation, cacheable request or
/// not: the snapshot a provider serves is the same for a request at temperature 0.7 as for one at 0. Only a request sent
/// for the model it names teaches it: one a lever sent to another model (a feature's pin, a budget's degrade) says
/// nothing about the snapshot behind the name it asked for.
/// </summary>
internal sealed class ModelSnapshotObserver : ISettlementObserver
{
    private readonly ModelSnapshots _snapshots;

    public ModelSnapshotObserver(ModelSnapshots snapshots) => _snapshots = snapshots;

    public ValueTask OnSettledAsync(ExchangeContext exchange, LedgerEntry entry, CancellationToken cancellationToken)
    {
        if (exchange.AnsweredBy is null
            && exchange.Status is >= 200 and < 300
            && exchange.ErrorType is null
            && exchange.Operation is ExchangeOperation.ChatCompletions or ExchangeOperation.Messages or ExchangeOperation.Responses
            && exchange.Request.Model is { } requested
            && exchange.EditsIfAny?.Model is null
            && exchange.ServedModel is { } served)
        {
            _snapshots.Observe(exchange.Protocol, requested, served);
        }

        return ValueTask.CompletedTask;
    }
}
