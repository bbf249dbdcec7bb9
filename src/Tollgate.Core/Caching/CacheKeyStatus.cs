namespace Tollgate.Core.Caching;

/// <summary>How computing a cache key for a request body turned out.</summary>
public enum CacheKeyStatus
{
    /// <summary>The key was computed.</summary>
    Computed,

    /// <summary>The body is not JSON the key can be computed from (syntax, nesting depth, a lone surrogate escape).</summary>
    InvalidJson,

    /// <summary>The request may never be answered from the cache (a Responses <c>conversation</c> or <c>background</c>).</summary>
    NeverCached,
}
