using Tollgate.Core.Caching;
using Tollgate.Core.Exchange;
using Tollgate.Gateway.Protocols.Answers;

namespace Tollgate.Gateway.Caching.Coalescing;

/// <summary>
/// What identical calls share: the cache key of their content. A streaming and a whole request for the same content
/// share one call where the answer can be given in either form (chat completions, messages, the Responses API: see
/// <see cref="OtherFormAnswer"/>); elsewhere a stream is a call of its own (<see cref="SeparateStream"/>).
/// </summary>
/// <param name="Key">The request's cache key.</param>
/// <param name="SeparateStream">Whether the request asked for a stream that cannot share a call with whole requests.</param>
internal readonly record struct CoalescedCallKey(CacheKey Key, bool SeparateStream)
{
    /// <summary>The key of <paramref name="exchange"/>'s call, found cacheable as <paramref name="decision"/> says.</summary>
    public static CoalescedCallKey Of(ExchangeContext exchange, CacheDecision decision) =>
        new(decision.Key, exchange.Request.Stream && !OtherFormAnswer.Exists(exchange.Operation));
}
