using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.AI;

namespace Tollgate.Semantic.Embedding;

/// <summary>
/// Embeds through any OpenAI-compatible <c>POST {base}/embeddings</c> endpoint. The tokens the endpoint reports come
/// back in <see cref="GeneratedEmbeddings{TEmbedding}.Usage"/>, so the caller can record them as embedding spend.
/// Vectors come back with unit length, whatever the endpoint sends.
/// </summary>
public sealed class OpenAICompatibleEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly HttpClient _http;
    private readonly OpenAICompatibleEmbeddingOptions _options;
    private readonly Uri _endpoint;
    private readonly EmbeddingGeneratorMetadata _metadata;

    /// <summary>A generator sending its requests through <paramref name="http"/>, which the caller owns.</summary>
    public OpenAICompatibleEmbeddingGenerator(HttpClient http, OpenAICompatibleEmbeddingOptions options)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Model);
        _http = http;
        _options = options;
        var baseText = options.BaseAddress.ToString();
        _endpoint = new Uri(baseText.EndsWith('/') ? baseText + "embeddings" : baseText + "/embeddings");
        ModelId = $"{options.BaseAddress.Host}/{options.Model}" + (options.Dimensions is { } d ? $"@{d}" : "");
        _metadata = new EmbeddingGeneratorMetadata("openai-compatible", options.BaseAddress, options.Model, options.Dimensions);
    }

    /// <summary>Names the endpoint's host, model and dimensions; stored beside every vector.</summary>
    public string ModelId { get; }

    /// <summary>The similarity threshold configured for this model.</summary>
    public float DefaultThreshold => _options.DefaultThreshold;

    /// <inheritdoc />
    /// <exception cref="HttpRequestException">The endpoint failed or answered something other than one vector per input.</exception>
    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var inputs = values as IReadOnlyList<string> ?? values.ToArray();
        if (inputs.Count == 0)
        {
            return [];
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint)
        {
            Content = JsonContent.Create(
                new EmbeddingsJson.Request(_options.Model, inputs, "float", options?.Dimensions ?? _options.Dimensions),
                EmbeddingsJson.Default.RequestBody),
        };
        if (_options.ApiKey is { Length: > 0 } key)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"The embeddings endpoint {_endpoint} answered {(int)response.StatusCode}.", null, response.StatusCode);
        }

        var body = await response.Content.ReadFromJsonAsync(EmbeddingsJson.Default.ResponseBody, cancellationToken).ConfigureAwait(false);
        var vectors = new float[inputs.Count][];
        foreach (var item in body?.Data ?? [])
        {
            if (item.Embedding is { Length: > 0 } vector && item.Index >= 0 && item.Index < vectors.Length)
            {
                VectorMath.Normalize(vector);
                vectors[item.Index] = vector;
            }
        }

        var created = DateTimeOffset.UtcNow;
        var embeddings = new GeneratedEmbeddings<Embedding<float>>(vectors.Length);
        foreach (var vector in vectors)
        {
            embeddings.Add(new Embedding<float>(vector ?? throw new HttpRequestException($"The embeddings endpoint {_endpoint} left out a vector.", null, response.StatusCode))
            {
                ModelId = body?.Model ?? _options.Model,
                CreatedAt = created,
            });
        }

        if (body?.Usage is { } usage)
        {
            embeddings.Usage = new UsageDetails
            {
                InputTokenCount = usage.PromptTokens ?? usage.TotalTokens,
                TotalTokenCount = usage.TotalTokens ?? usage.PromptTokens,
            };
        }

        return embeddings;
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // The HttpClient is the caller's.
    }
}
