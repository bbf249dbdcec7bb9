using Microsoft.Extensions.Options;
using Tollgate.Core.Caching;
using Tollgate.Semantic;
using Tollgate.Semantic.Embedding;
using Tollgate.Semantic.Index;

namespace Tollgate.Gateway.Caching;

/// <summary>
/// The gateway's one <see cref="SemanticCache"/>, on the embedder configured at start. Made at the first request the
/// semantic gate admits (or when the store holds semantic parts to index at start), and the built-in model loads only at
/// the first embedding: a gateway that never sees an eligible request keeps its idle memory.
/// </summary>
internal sealed class SemanticCaching : IDisposable
{
    private readonly Lazy<SemanticCache> _cache;
    private HttpClient? _http;

    public SemanticCaching(IOptionsMonitor<GatewayOptions> options, TimeProvider time)
    {
        // Read once: vectors of another embedder mean nothing to the index, so the embedder is fixed at start.
        var settings = options.CurrentValue.Cache.Semantic ?? new SemanticCacheOptions();
        _cache = new Lazy<SemanticCache>(() => Create(settings, time), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The cache, made on first use.</summary>
    public SemanticCache Cache => _cache.Value;

    /// <summary>The cache if it has been made; null otherwise.</summary>
    public SemanticCache? IfCreated => _cache.IsValueCreated ? _cache.Value : null;

    /// <summary>Indexes a stored entry's prompt; nothing when the cache was never made (then nothing embedded it).</summary>
    public void Remember(CacheKey partition, CacheKey entryKey, SemanticPrompt prompt, DateTimeOffset expiresAt) =>
        IfCreated?.Remember(partition, entryKey, prompt, expiresAt);

    public void Dispose() => _http?.Dispose();

    private SemanticCache Create(SemanticCacheOptions settings, TimeProvider time)
    {
        if (settings.Embedder != SemanticEmbedder.OpenAI)
        {
            var model = settings.Embedder == SemanticEmbedder.ArcticXs ? LocalEmbeddingModel.ArcticXs : LocalEmbeddingModel.MiniLM;
            return SemanticCache.CreateLocal(model, time: time);
        }

        var threshold = (float)(settings.SimilarityThreshold ?? 0.9);
        _http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var generator = new OpenAICompatibleEmbeddingGenerator(_http, new OpenAICompatibleEmbeddingOptions
        {
            BaseAddress = new Uri(settings.Endpoint!, UriKind.Absolute),
            Model = settings.Model!,
            ApiKey = settings.ApiKey,
            DefaultThreshold = threshold,
        });
        return new SemanticCache(generator, generator.ModelId, threshold, new SemanticIndex(settings.Dimensions ?? 1536, time: time));
    }
}
