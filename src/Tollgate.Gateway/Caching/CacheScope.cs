using Tollgate.Core.Caching;
using Tollgate.Core.Exchange;

namespace Tollgate.Gateway.Caching;

/// <summary>
/// Whose entries a request may see and add to. A <c>team</c> scope with no team falls back to the caller's key, and a
/// caller with no key (served without one on loopback) to a scope of its own: entries never cross callers a scope
/// separates. The kind goes into the cache key beside the value, so a team and a key of the same name never meet.
/// </summary>
internal static class CacheScope
{
    /// <summary>The scope value of callers without a key; no key id looks like it (they start <c>vk_</c>).</summary>
    public const string UnauthenticatedLoopback = "unauthenticated-loopback";

    /// <summary>The kind and value that go into the key, and the label the entry is stored under.</summary>
    public static (CacheKeyScope Kind, string? Value, string Label) Of(CacheKeyScope configured, ExchangeContext exchange)
    {
        if (configured == CacheKeyScope.Global)
        {
            return (CacheKeyScope.Global, null, "global");
        }

        if (configured == CacheKeyScope.Team && exchange.Team is { } team)
        {
            return (CacheKeyScope.Team, team, "team:" + team);
        }

        return exchange.Key is { } key
            ? (CacheKeyScope.Key, key.Id, "key:" + key.Id)
            : (CacheKeyScope.Key, UnauthenticatedLoopback, UnauthenticatedLoopback);
    }
}
