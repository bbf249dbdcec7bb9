using Tollgate.Core.Exchange;
using Tollgate.Core.Ledger;
using Tollgate.Core.Settlement;
using Tollgate.Gateway.Endpoints;

namespace Tollgate.Gateway.AccessLog;

/// <summary>Hands each settled row to the access log of its request; registered only when the access log is on.</summary>
internal sealed class AccessLogObserver : ISettlementObserver
{
    public ValueTask OnSettledAsync(ExchangeContext exchange, LedgerEntry entry, CancellationToken cancellationToken)
    {
        if (exchange is HttpExchange http && http.HttpContext.Features.Get<AccessLogRecord>() is { } record)
        {
            record.Entry = entry;
        }

        return ValueTask.CompletedTask;
    }
}
