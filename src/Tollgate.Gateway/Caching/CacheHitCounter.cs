using Tollgate.Core.Exchange;
using Tollgate.Core.Ledger;
using Tollgate.Core.Settlement;
using Tollgate.Gateway.Diagnostics;

namespace Tollgate.Gateway.Caching;

/// <summary>
/// Counts every settled request the exact cache, the semantic cache or a coalesced call answered on the gateway's meter
/// (<see cref="GatewayMeter.CacheHitsName"/>), by lever: one place for the three, which answer in different stages.
/// </summary>
internal sealed class CacheHitCounter : ISettlementObserver
{
    private readonly GatewayMeter _meter;

    public CacheHitCounter(GatewayMeter meter) => _meter = meter;

    public ValueTask OnSettledAsync(ExchangeContext exchange, LedgerEntry entry, CancellationToken cancellationToken)
    {
        if (exchange.AnsweredBy is Levers.Exact or Levers.Semantic or Levers.Coalesced)
        {
            _meter.CountCacheHit(exchange.AnsweredBy);
        }

        return ValueTask.CompletedTask;
    }
}
