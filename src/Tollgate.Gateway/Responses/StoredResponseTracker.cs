using Microsoft.Extensions.Logging;
using Tollgate.Core.Exchange;
using Tollgate.Core.Ledger;
using Tollgate.Core.Responses;

namespace Tollgate.Gateway.Responses;

/// <summary>
/// Keeps the response ownership store in step with the Responses API calls the gateway answers, as soon as each row is
/// durable and before the answer's last byte: who created a stored response (its key's name and the key's own team,
/// never a header's), a background response whose row waits for its usage, a response deleted. A retrieval or cancel
/// that shows a background response ended hands its outcome on, so its row settles at once.
/// </summary>
internal sealed partial class StoredResponseTracker : IStoredResponseTracker
{
    private readonly IResponseOwnershipStore _store;
    private readonly BackgroundSettlementQueue _queue;
    private readonly TimeProvider _time;
    private readonly ILogger<StoredResponseTracker> _logger;

    public StoredResponseTracker(IResponseOwnershipStore store, BackgroundSettlementQueue queue, TimeProvider time, ILogger<StoredResponseTracker> logger)
    {
        _store = store;
        _queue = queue;
        _time = time;
        _logger = logger;
    }

    public async ValueTask OnRowWrittenAsync(ExchangeContext exchange, LedgerEntry entry, CancellationToken cancellationToken)
    {
        if (exchange.Status is < 200 or >= 300 || exchange.AnsweredBy is not null)
        {
            return;
        }

        switch (exchange.Operation)
        {
            case ExchangeOperation.Responses when exchange.ResponseId is { } created:
                await CreatedAsync(exchange, created, cancellationToken).ConfigureAwait(false);
                break;
            case ExchangeOperation.ResponsesDelete when exchange.ResourceId is { } deleted:
                await _store.ForgetAsync(deleted, cancellationToken).ConfigureAwait(false);
                break;
            case ExchangeOperation.ResponsesRetrieve or ExchangeOperation.ResponsesCancel
                when exchange.ResponseId is { } seen && BackgroundResponseOutcome.IsTerminal(exchange.ResponseStatus):
                _queue.Ended(seen, BackgroundOutcomes.Ended(exchange.ResponseStatus!, exchange.Usage, exchange.ServedModel, exchange.ErrorType, exchange.BuiltInToolCalls));
                break;
        }
    }

    private async ValueTask CreatedAsync(ExchangeContext exchange, string responseId, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (exchange.Request.Store && !string.IsNullOrEmpty(exchange.Provider))
        {
            var key = exchange.Key;
            var recorded = await _store.RecordAsync(new ResponseOwner(responseId, key?.Name, key?.Team, exchange.Provider, now), cancellationToken).ConfigureAwait(false);
            if (!recorded)
            {
                LogAlreadyOwned(_logger, responseId, exchange.RequestId);
            }
        }

        if (exchange.UsagePending)
        {
            // Stored first, so a crash from here on still leaves it to settle at the next start.
            var pending = new PendingSettlement(responseId, exchange.RequestId, now);
            await _store.AddPendingSettlementAsync(pending, cancellationToken).ConfigureAwait(false);
            _queue.Queued(pending);
        }
    }

    [LoggerMessage(EventId = 60, Level = LogLevel.Warning, Message = "Response {ResponseId} (request {RequestId}) already had an owner; the first one keeps it.")]
    private static partial void LogAlreadyOwned(ILogger logger, string responseId, string requestId);
}
