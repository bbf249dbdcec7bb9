namespace Tollgate.EndToEnd.Tests.Caching;

/// <summary>
/// A caching gateway whose semantic cache embeds through the simulator's OpenAI-compatible <c>/v1/embeddings</c>
/// (<c>text-embedding-3-small</c>, 1536 dimensions), as a gateway in front of OpenAI's own endpoint would.
/// </summary>
public sealed class EmbeddingSpendGateway : CachingGateway
{
    public const string Model = "text-embedding-3-small";

    protected override string InitialSettings => $$"""
        "Cache": { "Semantic": { "Embedder": "OpenAI", "Endpoint": "{{Simulator.OpenAIBaseUrl}}", "Model": "{{Model}}" } }
        """;
}
