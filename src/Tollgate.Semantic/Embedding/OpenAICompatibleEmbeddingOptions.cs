namespace Tollgate.Semantic.Embedding;

/// <summary>Where an OpenAI-compatible <c>/v1/embeddings</c> endpoint is and which model it runs.</summary>
public sealed class OpenAICompatibleEmbeddingOptions
{
    /// <summary>The API's base address, up to and including <c>/v1</c> (e.g. <c>https://api.openai.com/v1</c>); <c>/embeddings</c> is appended.</summary>
    public required Uri BaseAddress { get; init; }

    /// <summary>The bearer key sent in <c>Authorization</c>; none when null (a local server).</summary>
    public string? ApiKey { get; init; }

    /// <summary>The embedding model to ask for, e.g. <c>text-embedding-3-small</c>.</summary>
    public required string Model { get; init; }

    /// <summary>Dimensions to ask for, where the model can shorten its vectors; the model's own when null.</summary>
    public int? Dimensions { get; init; }

    /// <summary>
    /// The similarity above which a candidate is considered. Each model spreads its similarities differently, so there
    /// is no universal value; measure it with <c>tollgate eval semantic</c>. Default 0.9, a cautious start.
    /// </summary>
    public float DefaultThreshold { get; init; } = 0.9f;
}
