namespace Tollgate.Core.Caching;

/// <summary>One live entry's semantic part, as <see cref="ICacheStore.ReadSemanticPartsAsync"/> reads it to rebuild the index.</summary>
/// <param name="EntryKey">The entry's key.</param>
/// <param name="ExpiresAt">When the entry stops being served.</param>
/// <param name="Semantics">Its partition, prompt and vector.</param>
public readonly record struct CacheSemanticRecord(CacheKey EntryKey, DateTimeOffset ExpiresAt, CacheEntrySemantics Semantics);
