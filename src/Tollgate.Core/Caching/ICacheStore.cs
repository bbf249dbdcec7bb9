namespace Tollgate.Core.Caching;

/// <summary>
/// Where the response cache keeps its answers, by <see cref="CacheKey"/>. Several gateways (processes) may share one
/// store. Expired entries are never returned, whether or not they have been removed yet.
/// </summary>
public interface ICacheStore
{
    /// <summary>The entry stored under <paramref name="key"/>; null when there is none or it has expired.</summary>
    ValueTask<CacheEntry?> GetAsync(CacheKey key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores <paramref name="entry"/> under its key, replacing any entry there. Once this completes, a lookup through
    /// this store finds it, and so does one through any store opened on the same data afterwards, a restarted one too.
    /// </summary>
    /// <exception cref="ArgumentException">The entry is not valid (<see cref="CacheEntry.Validate"/>).</exception>
    ValueTask PutAsync(CacheEntry entry, CancellationToken cancellationToken = default);

    /// <summary>Removes the entry under <paramref name="key"/>.</summary>
    /// <returns>True when an entry (expired or not) was removed.</returns>
    ValueTask<bool> RemoveAsync(CacheKey key, CancellationToken cancellationToken = default);

    /// <summary>Removes every entry <paramref name="filter"/> matches, expired ones included.</summary>
    /// <returns>How many entries were removed.</returns>
    ValueTask<long> PurgeAsync(CachePurgeFilter filter, CancellationToken cancellationToken = default);

    /// <summary>How many live entries the store holds and the bytes of their answers.</summary>
    ValueTask<CacheStoreSize> MeasureAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The semantic part of every live entry that has one (<see cref="CacheEntry.Semantics"/>), in no particular order,
    /// for the semantic index to be rebuilt from when the gateway starts. Entries written meanwhile may or may not be
    /// read.
    /// </summary>
    IAsyncEnumerable<CacheSemanticRecord> ReadSemanticPartsAsync(CancellationToken cancellationToken = default);
}
