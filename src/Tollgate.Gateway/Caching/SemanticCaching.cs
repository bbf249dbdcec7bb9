using Microsoft.Extensions.Options;
using Tollgate.Core.Caching;
using Tollgate.Core.Exchange;
using Tollgate.Semantic;
using Tollgate.Semantic.Embedding;
using Tollgate.Semantic.Index;

namespace Tollgate.Gateway.Caching;

/// <summary>
/// The gateway's one <see cref="SemanticCache"/>, on the embedder configured at start. Made at the first request the
/// semantic gate admits (or when the store holds semantic parts to index at start), and the built-in model loads only at
/// the first embedding: a gateway that never sees an eligible request keeps its idle memory. Each call to an
/// OpenAI-compatible endpoint is recorded as embedding spend (<see cref="SemanticEmbeddingSpend"/>); the built-in models
/// cost nothing and record nothing.
/// </summary>
internal sealed class SemanticCaching : IDisposable
{
    private readonly Lazy<SemanticCache> _cache;
    private readonly SemanticCacheOptions _settings;
    private readonly TimeProvider _time;
    private readonly SemanticEmbeddingSpend? _spend;
    private HttpClient? _http;

    // The endpoint's host, the provider of its ledger rows; set when the cache is made on one, null for a built-in model.
    private string? _host;

    /// <param name="options">The gateway's options; the embedder settings are read once, here.</param>
    /// <param name="time">The clock.</param>
    /// <param name="spend">Where an endpoint's calls are recorded; none when null (a cache that never reaches the ledger).</param>
    public SemanticCaching(IOptionsMonitor<GatewayOptions> options, TimeProvider time, SemanticEmbeddingSpend? spend = null)
    {
        // Read once: vectors of another embedder mean nothing to the index, so the embedder is fixed at start.
        var settings = options.CurrentValue.Cache.Semantic ?? new SemanticCacheOptions();
        _settings = settings;
        _time = time;
        _spend = spend;
        _cache = new Lazy<SemanticCache>(() => Create(settings, time), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The cache, made on first use.</summary>
    public SemanticCache Cache => _cache.Value;

    /// <summary>The cache if it has been made; null otherwise.</summary>
    public SemanticCache? IfCreated => _cache.IsValueCreated ? _cache.Value : null;

    /// <summary>
    /// Embeds <paramref name="text"/>, the last user message of <paramref name="exchange"/>, once (a miss stores and
    /// indexes the same vector), making the cache if this is its first use. A call to an OpenAI-compatible endpoint,
    /// answered or failed, becomes a ledger row of its own beside the request's; the failure still reaches the caller.
    /// </summary>
    public async ValueTask<SemanticPrompt> EmbedAsync(ExchangeContext exchange, string text)
    {
        var cache = Cache; // made first: it sets the host
        if (_host is null || _spend is null)
        {
            return await cache.EmbedAsync(text, exchange.Aborted).ConfigureAwait(false);
        }

        var call = new SemanticEmbeddingExchange(exchange, _host, _settings.Model!, text, _time.GetUtcNow());
        try
        {
            var prompt = await cache.EmbedAsync(text, exchange.Aborted).ConfigureAwait(false);
            call.Answered(prompt);
            return prompt;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            call.Failed(exception, exchange.Aborted.IsCancellationRequested);
            throw;
        }
        finally
        {
            _spend.Record(call);
        }
    }

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
        var endpoint = new Uri(settings.Endpoint!, UriKind.Absolute);
        _host = endpoint.Host;
        _http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var generator = new OpenAICompatibleEmbeddingGenerator(_http, new OpenAICompatibleEmbeddingOptions
        {
            BaseAddress = endpoint,
            Model = settings.Model!,
            ApiKey = settings.ApiKey,
            DefaultThreshold = threshold,
        });
        return new SemanticCache(generator, generator.ModelId, threshold, new SemanticIndex(settings.Dimensions ?? 1536, time: time));
    }
}
