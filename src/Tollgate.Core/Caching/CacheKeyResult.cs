namespace Tollgate.Core.Caching;

/// <summary>A computed cache key, or why there is none.</summary>
/// <param name="Status">Whether a key was computed.</param>
/// <param name="Key">The key; default unless <paramref name="Status"/> is <see cref="CacheKeyStatus.Computed"/>.</param>
/// <param name="Reason">Why there is no key, for logs; null when computed.</param>
public readonly record struct CacheKeyResult(CacheKeyStatus Status, CacheKey Key, string? Reason)
{
    /// <summary>Whether <see cref="Key"/> holds a key.</summary>
    public bool IsComputed => Status == CacheKeyStatus.Computed;
}
