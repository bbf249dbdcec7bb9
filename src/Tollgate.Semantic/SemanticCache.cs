using Microsoft.Extensions.AI;
using Tollgate.Core.Caching;
using Tollgate.Semantic.Embedding;
using Tollgate.Semantic.Guards;
using Tollgate.Semantic.Index;

namespace Tollgate.Semantic;

/// <summary>
/// The semantic cache below the cache stage: embeds a request's last user message, searches its partition (everything
/// else in the request, matched exactly) for stored messages at least as similar as the threshold, and takes the most
/// similar one the <see cref="MeaningGuard"/> lets through. It holds no answers: a match names the entry to serve from
/// the <see cref="ICacheStore"/>, and an entry found missing there is a miss to <see cref="Forget"/>.
/// </summary>
public sealed class SemanticCache
{
    /// <summary>Candidates taken from the index per lookup: the guards may turn down the first few.</summary>
    public const int Candidates = 4;

    private readonly IEmbeddingGenerator<string, Embedding<float>> _embedder;

    /// <summary>A cache embedding with <paramref name="embedder"/> into <paramref name="index"/>.</summary>
    /// <param name="embedder">Makes the vectors.</param>
    /// <param name="embedderId">Names the embedder's model and version; only stored vectors of the same id are indexed.</param>
    /// <param name="defaultThreshold">The embedder's default similarity threshold.</param>
    /// <param name="index">Where vectors are kept; its dimensions must be the embedder's.</param>
    public SemanticCache(IEmbeddingGenerator<string, Embedding<float>> embedder, string embedderId, float defaultThreshold, SemanticIndex index)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        ArgumentException.ThrowIfNullOrEmpty(embedderId);
        ArgumentNullException.ThrowIfNull(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(defaultThreshold, 1f);
        ArgumentOutOfRangeException.ThrowIfLessThan(defaultThreshold, -1f);
        _embedder = embedder;
        EmbedderId = embedderId;
        DefaultThreshold = defaultThreshold;
        Index = index;
    }

    /// <summary>The embedder's name and version, stored with every vector.</summary>
    public string EmbedderId { get; }

    /// <summary>The similarity threshold used when a feature or request names none.</summary>
    public float DefaultThreshold { get; }

    /// <summary>The index.</summary>
    public SemanticIndex Index { get; }

    /// <summary>A cache on the built-in <paramref name="model"/>, loaded at its first lookup.</summary>
    public static SemanticCache CreateLocal(LocalEmbeddingModel model = LocalEmbeddingModel.MiniLM, int maxEntries = 1_000_000, TimeProvider? time = null)
    {
        var generator = new LocalEmbeddingGenerator(model);
        return new SemanticCache(generator, generator.ModelId, generator.DefaultThreshold, new SemanticIndex(LocalEmbeddingGenerator.Dimensions, maxEntries, time));
    }

    /// <summary>Embeds <paramref name="prompt"/> (once; the result is reused to remember it on a miss).</summary>
    public async ValueTask<SemanticPrompt> EmbedAsync(string prompt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        var generated = await _embedder.GenerateAsync([prompt], cancellationToken: cancellationToken).ConfigureAwait(false);
        var vector = generated[0].Vector.ToArray();
        if (vector.Length != Index.Dimensions)
        {
            throw new InvalidOperationException($"The embedder '{EmbedderId}' made a {vector.Length}-dimensional vector; the index holds {Index.Dimensions}.");
        }

        VectorMath.Normalize(vector);
        return new SemanticPrompt(prompt, vector, EmbedderId, generated.Usage, generated[0].ModelId);
    }

    /// <summary>Embeds <paramref name="prompt"/> and looks it up in <paramref name="partition"/>.</summary>
    public async ValueTask<SemanticLookup> FindAsync(CacheKey partition, string prompt, float threshold, CancellationToken cancellationToken = default)
    {
        var embedded = await EmbedAsync(prompt, cancellationToken).ConfigureAwait(false);
        return Find(partition, embedded, threshold);
    }

    /// <summary>
    /// Looks up an embedded prompt in <paramref name="partition"/>: the most similar stored prompt at or above
    /// <paramref name="threshold"/> that the guards let through.
    /// </summary>
    public SemanticLookup Find(CacheKey partition, SemanticPrompt prompt, float threshold) => Find(partition, prompt, threshold, guards: true);

    /// <summary>
    /// Embeds several prompts in one call to the embedder (the evaluation's way: the same vectors as one by one).
    /// </summary>
    internal async ValueTask<List<SemanticPrompt>> EmbedBatchAsync(IReadOnlyList<string> prompts, CancellationToken cancellationToken)
    {
        var generated = await _embedder.GenerateAsync(prompts, cancellationToken: cancellationToken).ConfigureAwait(false);
        var embedded = new List<SemanticPrompt>(prompts.Count);
        for (var i = 0; i < prompts.Count; i++)
        {
            var vector = generated[i].Vector.ToArray();
            VectorMath.Normalize(vector);
            embedded.Add(new SemanticPrompt(prompts[i], vector, EmbedderId, usage: null));
        }

        return embedded;
    }

    /// <summary>A lookup with the guards on or, to measure what they buy, off.</summary>
    internal SemanticLookup Find(CacheKey partition, SemanticPrompt prompt, float threshold, bool guards)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        Span<SemanticCandidate> candidates = new SemanticCandidate[Candidates];
        var found = Index.Search(partition, prompt.Quantized, threshold, candidates);
        for (var i = 0; i < found; i++)
        {
            var candidate = candidates[i];
            if (!guards || MeaningGuard.Compare(prompt.Facts, PromptFacts.Of(candidate.Prompt)) == MeaningDifference.None)
            {
                // Quantisation can put an identical prompt a hair above 1.
                return new SemanticLookup(prompt, new SemanticMatch(candidate.EntryKey, Math.Min(candidate.Similarity, 1f), candidate.Prompt), i);
            }
        }

        return new SemanticLookup(prompt, null, found);
    }

    /// <summary>
    /// Indexes <paramref name="prompt"/> as the prompt of the entry <paramref name="entryKey"/> (stored with
    /// <see cref="SemanticPrompt.ToEntrySemantics"/>), until <paramref name="expiresAt"/>. False when the index is
    /// full or the prompt was embedded by another embedder.
    /// </summary>
    public bool Remember(CacheKey partition, CacheKey entryKey, SemanticPrompt prompt, DateTimeOffset expiresAt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        return string.Equals(prompt.Embedder, EmbedderId, StringComparison.Ordinal)
            && Index.Add(partition, entryKey, prompt.Quantized, prompt.Text, expiresAt);
    }

    /// <summary>Forgets the entry <paramref name="entryKey"/> (it expired, was purged, or is gone from the store).</summary>
    public bool Forget(CacheKey entryKey) => Index.Remove(entryKey);

    /// <summary>
    /// Indexes every live entry of <paramref name="store"/> whose semantic part this embedder made; returns how many.
    /// Entries of another embedder are left out: their vectors mean nothing to this one.
    /// </summary>
    public async ValueTask<int> RebuildAsync(ICacheStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var indexed = 0;
        await foreach (var record in store.ReadSemanticPartsAsync(cancellationToken).ConfigureAwait(false))
        {
            var semantics = record.Semantics;
            if (string.Equals(semantics.Embedder, EmbedderId, StringComparison.Ordinal)
                && semantics.Vector.Length == Index.Dimensions
                && Index.Add(semantics.Partition, record.EntryKey, QuantizedVector.Quantize(semantics.Vector.Span), semantics.Prompt, record.ExpiresAt))
            {
                indexed++;
            }
        }

        return indexed;
    }
}
