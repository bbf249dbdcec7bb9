namespace Tollgate.Gateway;

/// <summary>
/// One feature's rate limit (<c>Tollgate:Features:NAME:RateLimits</c>): the same as a <c>Tollgate:RateLimits</c> rule
/// with <c>"Scope": "feature"</c> and <c>"Match": NAME</c>.
/// </summary>
public sealed class FeatureRateLimitOptions
{
    /// <inheritdoc cref="RateLimitOptions.RequestsPerMinute"/>
    public long? RequestsPerMinute { get; set; }

    /// <inheritdoc cref="RateLimitOptions.TokensPerMinute"/>
    public long? TokensPerMinute { get; set; }

    /// <inheritdoc cref="RateLimitOptions.UsdPerMinute"/>
    public decimal? UsdPerMinute { get; set; }
}
