namespace Tollgate.Gateway.Caching;

/// <summary>How the response cache treats the requests of one feature (or of none): its overrides applied to the defaults.</summary>
/// <param name="Policy">Which requests are cached.</param>
/// <param name="Ttl">How long answers are kept; null for the default lifetime.</param>
/// <param name="AllowPersonalData">Whether requests carrying personal data are cached.</param>
/// <param name="Fingerprint">The fingerprint of the feature's answer-shaping settings (<see cref="FeatureFingerprint"/>), or null.</param>
internal sealed record FeatureCacheSettings(CachePolicy Policy, TimeSpan? Ttl, bool AllowPersonalData, string? Fingerprint);
