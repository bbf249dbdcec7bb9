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
}
