namespace Tollgate.Gateway.Caching;

/// <summary>What embeds last user messages for the semantic cache (<c>Tollgate:Cache:Semantic:Embedder</c>).</summary>
public enum SemanticEmbedder
{
    /// <summary>The built-in all-MiniLM-L6-v2, run in process; the default.</summary>
    MiniLM,

    /// <summary>The built-in Snowflake arctic-embed-xs, run in process.</summary>
    ArcticXs,

    /// <summary>An OpenAI-compatible <c>/v1/embeddings</c> endpoint (<see cref="SemanticCacheOptions.Endpoint"/>).</summary>
    OpenAI,
}
