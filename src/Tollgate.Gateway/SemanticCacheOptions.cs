using Tollgate.Gateway.Caching;

namespace Tollgate.Gateway;

/// <summary>
/// The semantic cache (<c>Tollgate:Cache:Semantic</c>): after an exact miss, a request whose last user message means what
/// a stored one meant, everything else in it being the same, gets that answer. It only ever applies to the requests its
/// gate lets through (<see cref="SemanticMode"/>), so it is on by default; its model loads at the first such request.
/// <see cref="Enabled"/> and <see cref="SimilarityThreshold"/> are read per request; the embedder settings are fixed at start.
/// </summary>
public sealed class SemanticCacheOptions
{
    /// <summary>Whether the semantic lookup runs at all (default true).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>What embeds the messages (fixed at start): the built-in MiniLM (default), ArcticXs, or an OpenAI-compatible endpoint.</summary>
    public SemanticEmbedder Embedder { get; set; } = SemanticEmbedder.MiniLM;

    /// <summary>For <see cref="SemanticEmbedder.OpenAI"/>: the API's base address up to <c>/v1</c> (fixed at start).</summary>
    public string? Endpoint { get; set; }

    /// <summary>For <see cref="SemanticEmbedder.OpenAI"/>: the embedding model, e.g. <c>text-embedding-3-small</c> (fixed at start).</summary>
    public string? Model { get; set; }

    /// <summary>
    /// For <see cref="SemanticEmbedder.OpenAI"/>: how many numbers the model's vectors hold (fixed at start); unset: 1536,
    /// as OpenAI's <c>text-embedding-3-small</c> makes. A vector of another size is an embedder failure: a miss.
    /// </summary>
    public int? Dimensions { get; set; }

    /// <summary>For <see cref="SemanticEmbedder.OpenAI"/>: the bearer key, if the endpoint wants one (fixed at start; a secret, never logged).</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// The similarity (0 to 1) a stored message needs to be considered, unless a feature or the request says otherwise;
    /// unset: the embedder's own default (MiniLM 0.90, ArcticXs 0.98, an endpoint 0.90).
    /// </summary>
    public double? SimilarityThreshold { get; set; }
}
