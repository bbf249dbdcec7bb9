namespace Tollgate.Core.Caching;

/// <summary>What a cache store holds: its live (unexpired) entries and the bytes of their stored answers.</summary>
/// <param name="Entries">Entries that a lookup would still return.</param>
/// <param name="Bytes">Sum of <see cref="CacheEntry.AnswerBytes"/> over those entries.</param>
public readonly record struct CacheStoreSize(long Entries, long Bytes);
