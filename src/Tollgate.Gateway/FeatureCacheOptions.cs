using Tollgate.Gateway.Caching;

namespace Tollgate.Gateway;

/// <summary>One feature's overrides of the response cache's settings (<c>Tollgate:Features:NAME:Cache</c>).</summary>
public sealed class FeatureCacheOptions
{
    /// <summary>Which of the feature's requests are cached; unset: <see cref="CacheOptions.Policy"/>.</summary>
    public CachePolicy? Policy { get; set; }

    /// <summary>How long the feature's answers are kept, in seconds; unset: <see cref="CacheOptions.TtlSeconds"/>.</summary>
    public double? TtlSeconds { get; set; }

    /// <summary>Whether the feature's requests carrying personal data are cached; unset: <see cref="CacheOptions.AllowPersonalData"/>.</summary>
    public bool? AllowPersonalData { get; set; }

    /// <summary>Which of the feature's requests the semantic cache may answer; unset: <see cref="SemanticMode.Auto"/>.</summary>
    public SemanticMode? Semantic { get; set; }

    /// <summary>The similarity (0 to 1) the semantic cache needs for the feature's requests; unset: <see cref="SemanticCacheOptions.SimilarityThreshold"/>.</summary>
    public double? SimilarityThreshold { get; set; }

    /// <summary>
    /// The task type of the feature's requests that send no <c>x-tollgate-task</c> (e.g. <c>classification</c>), for the
    /// semantic cache's gate; unset: only the header counts.
    /// </summary>
    public string? Task { get; set; }
}
