namespace Tollgate.Gateway.Caching;

/// <summary>How the response cache treats the requests of one feature (or of none): its overrides applied to the defaults.</summary>
/// <param name="Policy">Which requests are cached.</param>
/// <param name="Ttl">How long answers are kept; null for the default lifetime.</param>
/// <param name="AllowPersonalData">Whether requests carrying personal data are cached.</param>
/// <param name="Fingerprint">The fingerprint of the feature's answer-shaping settings (<see cref="FeatureFingerprint"/>), or null.</param>
/// <param name="Semantic">Which requests the semantic cache may answer.</param>
/// <param name="SimilarityThreshold">The semantic cache's threshold; null for the embedder's default.</param>
/// <param name="Task">The task type of requests that declare none, or null.</param>
internal sealed record FeatureCacheSettings(
    CachePolicy Policy,
    TimeSpan? Ttl,
    bool AllowPersonalData,
    string? Fingerprint,
    SemanticMode Semantic = SemanticMode.Auto,
    double? SimilarityThreshold = null,
    string? Task = null);
