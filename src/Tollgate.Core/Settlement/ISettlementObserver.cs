using Tollgate.Core.Exchange;
using Tollgate.Core.Ledger;

namespace Tollgate.Core.Settlement;

/// <summary>
/// Told of every exchange once its final ledger row is durable: where budget settlement, the response cache's
/// store and metrics hook in, instead of being called from every place an exchange can end. Register
/// implementations in DI; <see cref="LedgerSettler"/> takes them all.
/// </summary>
/// <remarks>
/// Observers run in registration order on the settling request's path, before its response's last byte: keep
/// them quick and hand slow work off. One that throws is logged and skipped; the request and its row stand.
/// Anything an observer keeps beyond the call must be its own copy (the request's buffers are returned to a pool).
/// </remarks>
public interface ISettlementObserver
{
    /// <summary>Called once per exchange, after <paramref name="entry"/> is durable.</summary>
    /// <param name="exchange">The settled exchange.</param>
    /// <param name="entry">Its final ledger row, as written.</param>
    /// <param name="cancellationToken">Cancellation of the settlement (not of the client's request).</param>
    ValueTask OnSettledAsync(ExchangeContext exchange, LedgerEntry entry, CancellationToken cancellationToken);
}
