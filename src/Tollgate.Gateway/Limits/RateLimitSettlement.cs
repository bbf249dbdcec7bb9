using Tollgate.Core.Exchange;
using Tollgate.Core.Ledger;
using Tollgate.Core.Limits;
using Tollgate.Core.Settlement;

namespace Tollgate.Gateway.Limits;

/// <summary>
/// Corrects what <see cref="RateLimitCheck"/> took for a request once its row is written: tokens to the row's input and
/// output tokens, dollars to its cost (left as taken when the cost is unknown). A request answered from the cache
/// counts the tokens of the answer it got and costs nothing; one refused after the guard used no tokens. Requests
/// stay counted: every request counts.
/// </summary>
internal sealed class RateLimitSettlement : ISettlementObserver
{
    private readonly IRateLimitStore _store;
    private readonly TimeProvider _time;

    public RateLimitSettlement(IRateLimitStore store, TimeProvider time)
    {
        _store = store;
        _time = time;
    }

    public async ValueTask OnSettledAsync(ExchangeContext exchange, LedgerEntry entry, CancellationToken cancellationToken)
    {
        if (exchange.RateLimits is not { } charge)
        {
            return;
        }

        var now = _time.GetUtcNow();
        foreach (var demand in charge.Demands)
        {
            long? used = demand.Bucket.Unit switch
            {
                RateLimitUnit.Tokens => entry.InputTokens + entry.OutputTokens,
                RateLimitUnit.Usd when entry.CostUsd is { } cost => RateLimitAmounts.Micros(cost),
                _ => null,
            };
            if (used is { } amount && amount != demand.Amount)
            {
                await _store.CorrectAsync(new RateLimitDemand(demand.Bucket, amount - demand.Amount), now, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
