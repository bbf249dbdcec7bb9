using Tollgate.Core.Caching;

namespace Tollgate.Gateway.Caching.Coalescing;

/// <summary>
/// What identical calls share: the cache key of their content and the form of the answer they want. A streaming and a
/// whole request for the same content share one cache entry, but not one call: the provider answers a call in one form,
/// and each waiter is written the bytes of that answer as they are.
/// </summary>
/// <param name="Key">The request's cache key.</param>
/// <param name="Stream">Whether the request asked for a stream of events.</param>
internal readonly record struct CoalescedCallKey(CacheKey Key, bool Stream);
