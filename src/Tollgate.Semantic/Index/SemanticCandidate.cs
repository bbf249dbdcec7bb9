using Tollgate.Core.Caching;

namespace Tollgate.Semantic.Index;

/// <summary>An indexed prompt close enough to a query: the entry it answers with, how similar it is, and its text.</summary>
/// <param name="EntryKey">The key of the cache entry stored for the prompt.</param>
/// <param name="Similarity">Cosine similarity to the query, from the quantised vectors.</param>
/// <param name="Prompt">The prompt's text (its last user message), for the guards.</param>
public readonly record struct SemanticCandidate(CacheKey EntryKey, float Similarity, string Prompt);
