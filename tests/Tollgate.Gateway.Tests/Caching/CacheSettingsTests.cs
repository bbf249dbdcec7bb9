using Tollgate.Gateway.Caching;
using Tollgate.Gateway.Tests.Hosting;

namespace Tollgate.Gateway.Tests.Caching;

/// <summary>
/// The parts of the cache's settings a request depends on: the <c>cache-control</c> directives it sends (malformed ones
/// ignored) and the fingerprint of its feature's answer-shaping settings (everything but the <c>Cache</c> part).
/// </summary>
public sealed class CacheSettingsTests
{
    [Theory]
    [InlineData("no-cache", true, false, null)]
    [InlineData("NO-STORE", false, true, null)]
    [InlineData("max-age=60", false, false, 60L)]
    [InlineData("no-cache, max-age=\"30\"", true, false, 30L)]
    [InlineData("max-age=60, max-age=5", false, false, 5L)]
    [InlineData("max-age = 7", false, false, 7L)]
    [InlineData("max-age=99999999999999999999999", false, false, long.MaxValue)]
    [InlineData("max-age=banana", false, false, null)]
    [InlineData("max-age=-1", false, false, null)]
    [InlineData("max-age", false, false, null)]
    [InlineData("no-sotre,,, ", false, false, null)]
    [InlineData("", false, false, null)]
    public void Cache_control_directives_are_read_and_malformed_ones_ignored(string header, bool noCache, bool noStore, long? maxAge)
    {
        var directives = CacheControlDirectives.Parse(header);

        Assert.Equal((noCache, noStore, maxAge), (directives.NoCache, directives.NoStore, directives.MaxAgeSeconds));
    }

    [Fact]
    public void A_setting_that_shapes_answers_changes_the_features_fingerprint()
    {
        var capped = new SampleFeature { MaxTokens = 100 };
        var cappedLower = new SampleFeature { MaxTokens = 50 };
        var stopped = new SampleFeature { MaxTokens = 100, StopSequences = ["END"] };

        Assert.NotEqual(FeatureFingerprint.Of(capped), FeatureFingerprint.Of(cappedLower));
        Assert.NotEqual(FeatureFingerprint.Of(capped), FeatureFingerprint.Of(stopped));
        Assert.Equal(FeatureFingerprint.Of(capped), FeatureFingerprint.Of(new SampleFeature { MaxTokens = 100 }));
    }

    [Fact]
    public void The_cache_part_of_a_feature_does_not_change_its_fingerprint()
    {
        var feature = new SampleFeature { MaxTokens = 100 };
        var longerLived = new SampleFeature { MaxTokens = 100 };
        longerLived.Cache.TtlSeconds = 3600;

        Assert.Equal(FeatureFingerprint.Of(feature), FeatureFingerprint.Of(longerLived));
    }

    [Fact]
    public void A_feature_with_only_cache_settings_has_no_fingerprint_and_shares_entries_with_requests_naming_none()
    {
        var feature = new FeatureOptions { Cache = new FeatureCacheOptions { Policy = CachePolicy.Always, TtlSeconds = 60 } };

        Assert.Null(FeatureFingerprint.Of(feature));
    }

    [Fact]
    public void Turning_a_features_prompt_cache_hints_off_changes_neither_its_fingerprint_nor_its_sharing()
    {
        Assert.Null(FeatureFingerprint.Of(new FeatureOptions { PromptCache = false }));
        Assert.Equal(FeatureFingerprint.Of(new FeatureOptions { Model = "gpt-4.1" }), FeatureFingerprint.Of(new FeatureOptions { Model = "gpt-4.1", PromptCache = false }));
    }
}
