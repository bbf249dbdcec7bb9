using Microsoft.Extensions.AI;

namespace Tollgate.Semantic.Tests;

/// <summary>Passes every call to a real embedder and counts the texts it was asked to embed.</summary>
internal sealed class CountingEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> inner) : IEmbeddingGenerator<string, Embedding<float>>
{
    private int _embedded;

    public int Embedded => Volatile.Read(ref _embedded);

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = values.ToList();
        Interlocked.Add(ref _embedded, list.Count);
        return inner.GenerateAsync(list, options, cancellationToken);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => inner.GetService(serviceType, serviceKey);

    public void Dispose()
    {
    }
}
