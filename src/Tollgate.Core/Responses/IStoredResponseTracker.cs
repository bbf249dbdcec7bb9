using Tollgate.Core.Exchange;
using Tollgate.Core.Ledger;

namespace Tollgate.Core.Responses;

/// <summary>
/// Told of every exchange as soon as its row is durable, before the answer's last byte: also of a background
/// response's first row, whose usage is still to come and of which the <see cref="Settlement.ISettlementObserver"/>s hear
/// only once it is final. Where the gateway records who created a stored response (so a client that retrieves it right
/// after creating it is never refused), forgets a deleted one, and hands a background response's settlement on.
/// </summary>
public interface IStoredResponseTracker
{
    /// <summary>Called once per exchange, after <paramref name="entry"/> is durable.</summary>
    /// <param name="exchange">The exchange whose row was written.</param>
    /// <param name="entry">The row, as written.</param>
    /// <param name="cancellationToken">Cancellation of the settlement (not of the client's request).</param>
    ValueTask OnRowWrittenAsync(ExchangeContext exchange, LedgerEntry entry, CancellationToken cancellationToken);
}
