using Tollgate.Core.Caching;

namespace Tollgate.Semantic;

/// <summary>A stored prompt that means the same as the one looked up.</summary>
/// <param name="EntryKey">The key of the cache entry to answer with. The entry may be gone: then it is a miss, and the cache should <see cref="SemanticCache.Forget"/> it.</param>
/// <param name="Similarity">Cosine similarity of the two prompts (reported in <c>x-tollgate-similarity</c>).</param>
/// <param name="StoredPrompt">The stored prompt that matched.</param>
public sealed record SemanticMatch(CacheKey EntryKey, float Similarity, string StoredPrompt);
