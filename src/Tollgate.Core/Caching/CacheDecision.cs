namespace Tollgate.Core.Caching;

/// <summary>
/// What the response cache decided for one request it found cacheable: the key its answer is kept under, whether a
/// stored (or in-flight) answer may serve it, and whether its own answer may be kept. Set on
/// <see cref="Exchange.ExchangeContext.Cache"/> by the cache stage; the coalescing stage joins identical calls by
/// <see cref="Key"/>.
/// </summary>
public sealed class CacheDecision
{
    /// <summary>The key of the request's answer (scope, protocol, canonical body, prompt version, policy fingerprint).</summary>
    public required CacheKey Key { get; init; }

    /// <summary>The scope value entries are kept under (a team, a key id, or the global scope).</summary>
    public required string Scope { get; init; }

    /// <summary>
    /// Whether an answer made for an identical earlier request may serve this one: false for <c>cache-control:
    /// no-cache</c> and <c>no-store</c>, which ask for a fresh answer.
    /// </summary>
    public bool Lookup { get; init; } = true;

    /// <summary>Whether this request's own answer may be kept for later requests: false for <c>no-store</c>.</summary>
    public bool Store { get; init; } = true;
}
