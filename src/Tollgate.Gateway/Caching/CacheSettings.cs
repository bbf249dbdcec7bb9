using Tollgate.Core.Caching;

namespace Tollgate.Gateway.Caching;

/// <summary>
/// The response cache's settings as one request needs them, made once from a <see cref="GatewayOptions"/> (the time zone
/// found, each feature's overrides merged with the defaults and its fingerprint computed), so a request pays a dictionary
/// lookup at most. A reload of the configuration brings new options, and with them new settings.
/// </summary>
internal sealed class CacheSettings
{
    private readonly Dictionary<string, FeatureCacheSettings>? _features;

    private CacheSettings(GatewayOptions source, TimeZoneInfo timeZone, FeatureCacheSettings defaults, Dictionary<string, FeatureCacheSettings>? features)
    {
        Source = source;
        Enabled = source.Cache.Enabled;
        SemanticEnabled = source.Cache.Semantic?.Enabled ?? true;
        Scope = source.Cache.Scope;
        TimeZone = timeZone;
        Defaults = defaults;
        _features = features;
    }

    /// <summary>The options these settings were made from.</summary>
    public GatewayOptions Source { get; }

    /// <summary>Whether the cache runs at all.</summary>
    public bool Enabled { get; }

    /// <summary>Whether the semantic lookup runs after an exact miss.</summary>
    public bool SemanticEnabled { get; }

    /// <summary>Who shares entries.</summary>
    public CacheKeyScope Scope { get; }

    /// <summary>The zone whose midnight ends a time-sensitive answer's life.</summary>
    public TimeZoneInfo TimeZone { get; }

    /// <summary>The settings of requests whose feature has no section of its own.</summary>
    public FeatureCacheSettings Defaults { get; }

    /// <summary>The settings of <paramref name="feature"/>'s requests.</summary>
    public FeatureCacheSettings For(string? feature) =>
        feature is not null && _features is not null && _features.TryGetValue(feature, out var settings) ? settings : Defaults;

    /// <summary>The settings <paramref name="options"/> describe (already validated: the time zone exists).</summary>
    public static CacheSettings From(GatewayOptions options)
    {
        var cache = options.Cache;
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(cache.TimeZone, out var found) ? found : TimeZoneInfo.Utc;
        // The global output and input controls shape every answer too: a change of them misses, as a feature's does.
        var shaping = FeatureFingerprint.Of(new GlobalShaping(options.Output, options.Input));
        var defaults = new FeatureCacheSettings(cache.Policy, Seconds(cache.TtlSeconds), cache.AllowPersonalData, Fingerprint: shaping,
            SimilarityThreshold: cache.Semantic?.SimilarityThreshold);
        Dictionary<string, FeatureCacheSettings>? features = null;
        foreach (var (name, feature) in options.Features ?? [])
        {
            if (feature is null)
            {
                continue;
            }

            var own = feature.Cache ?? new FeatureCacheOptions();
            (features ??= new Dictionary<string, FeatureCacheSettings>(StringComparer.OrdinalIgnoreCase))[name] = new FeatureCacheSettings(
                own.Policy ?? defaults.Policy,
                Seconds(own.TtlSeconds) ?? defaults.Ttl,
                own.AllowPersonalData ?? defaults.AllowPersonalData,
                Combine(shaping, FeatureFingerprint.Of(feature)),
                own.Semantic ?? defaults.Semantic,
                own.SimilarityThreshold ?? defaults.SimilarityThreshold,
                own.Task is { } task ? SemanticGate.Normalise(task) : null);
        }

        return new CacheSettings(options, zone, defaults, features);
    }

    private static string? Combine(string? global, string? feature) =>
        global is null ? feature : feature is null ? global : global + feature;

    private static TimeSpan? Seconds(double? seconds) => seconds is { } value ? TimeSpan.FromSeconds(value) : null;
}

/// <summary>The global settings that shape every request's answer, fingerprinted with each feature's own.</summary>
/// <param name="Output">The global output controls.</param>
/// <param name="Input">The global input controls.</param>
internal sealed record GlobalShaping(OutputOptions? Output, InputOptions? Input);
