using Tollgate.Core.Caching;
using Tollgate.Core.Exchange;
using Tollgate.Core.Pipeline;

namespace Tollgate.Gateway.Tests.Caching.Coalescing;

/// <summary>
/// Stands in the cache stage's place where the gateway has none: finds a deterministic request (<c>temperature: 0</c>)
/// cacheable and decides as the cache stage does (<c>cache-control: no-cache</c> looks nothing up, <c>no-store</c>
/// neither looks up nor keeps), answering nothing itself, as on a miss.
/// </summary>
internal sealed class CacheableRequests : IExchangeStage
{
    public string Name => "cache";

    public ValueTask InvokeAsync(ExchangeContext exchange, ExchangeHandler next)
    {
        if (exchange.Rejection is null && exchange.Request.Temperature == 0)
        {
            var control = exchange.Hints.CacheControl ?? string.Empty;
            var noStore = control.Contains("no-store", StringComparison.OrdinalIgnoreCase);
            var noCache = noStore || control.Contains("no-cache", StringComparison.OrdinalIgnoreCase);
            var scope = exchange.Team ?? string.Empty;
            var key = CacheKey.Compute(exchange.RequestBody.Span, new CacheKeyContext(CacheKeyScope.Team, scope, exchange.Protocol, exchange.Operation, null, null));
            if (key.IsComputed)
            {
                exchange.Cache = new CacheDecision { Key = key.Key, Scope = scope, Lookup = !noCache, Store = !noStore };
                exchange.CacheStatus = CacheStatuses.Miss;
            }
        }

        return next(exchange);
    }
}
