namespace Tollgate.Core.Caching;

/// <summary>
/// What the semantic cache keeps of an entry so that its index can be rebuilt when the gateway starts: the partition
/// (a key over everything in the request but its last user message, which must match exactly), that last user message,
/// and its embedding, named by the embedder that made it (vectors of different embedders are never compared).
/// </summary>
public sealed class CacheEntrySemantics
{
    /// <summary>The key over everything but the last user message.</summary>
    public required CacheKey Partition { get; init; }

    /// <summary>The last user message, compared by meaning.</summary>
    public required string Prompt { get; init; }

    /// <summary>Which embedder (model and version) made <see cref="Vector"/>.</summary>
    public required string Embedder { get; init; }

    /// <summary>The prompt's embedding.</summary>
    public required ReadOnlyMemory<float> Vector { get; init; }

    /// <summary>Checks what every store relies on.</summary>
    /// <exception cref="ArgumentException">The partition is unset, a text is empty, or the vector is empty or not finite.</exception>
    public void Validate()
    {
        if (Partition == default)
        {
            throw new ArgumentException("The semantic part has no partition.", nameof(Partition));
        }

        ArgumentNullException.ThrowIfNull(Prompt);
        ArgumentException.ThrowIfNullOrEmpty(Embedder);
        if (Vector.IsEmpty)
        {
            throw new ArgumentException("The semantic part has no vector.", nameof(Vector));
        }

        foreach (var component in Vector.Span)
        {
            if (!float.IsFinite(component))
            {
                throw new ArgumentException("The semantic part's vector holds a value that is not a finite number.", nameof(Vector));
            }
        }
    }
}
