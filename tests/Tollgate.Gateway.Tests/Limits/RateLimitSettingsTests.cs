using Tollgate.Core.Limits;
using Tollgate.Gateway.Caching;
using Tollgate.Gateway.Hosting;
using Tollgate.Gateway.Limits;

namespace Tollgate.Gateway.Tests.Limits;

/// <summary>The <c>Tollgate:RateLimits</c> and <c>Features:NAME:RateLimits</c> settings: how they become rules, and what the validator refuses.</summary>
public sealed class RateLimitSettingsTests
{
    [Fact]
    public void Rules_and_feature_limits_become_one_list_of_rules_in_their_order()
    {
        var options = new GatewayOptions
        {
            RateLimits =
            [
                new RateLimitOptions { Scope = RateLimitScope.Key, RequestsPerMinute = 60 },
                new RateLimitOptions { Scope = RateLimitScope.Team, Match = "core", TokensPerMinute = 100_000, UsdPerMinute = 2.5m },
            ],
        };
        options.Features["summaries"] = new FeatureOptions { RateLimits = new FeatureRateLimitOptions { TokensPerMinute = 5000 } };

        var rules = RateLimitSettings.RulesOf(options);

        Assert.Collection(
            rules,
            rule => Assert.Equal((RateLimitScope.Key, null, 60L), (rule.Scope, rule.Match, rule.RequestsPerMinute)),
            rule => Assert.Equal((RateLimitScope.Team, "core", 100_000L, 2.5m), (rule.Scope, rule.Match, rule.TokensPerMinute, rule.UsdPerMinute)),
            rule => Assert.Equal((RateLimitScope.Feature, "summaries", 5000L), (rule.Scope, rule.Match, rule.TokensPerMinute)));
        Assert.Same(rules, RateLimitSettings.RulesOf(options)); // built once per configuration
    }

    [Fact]
    public void Valid_rate_limits_pass_validation()
    {
        var options = new GatewayOptions
        {
            RateLimits =
            [
                new RateLimitOptions { Scope = RateLimitScope.Global, RequestsPerMinute = 6000 },
                new RateLimitOptions { Scope = RateLimitScope.Key, RequestsPerMinute = 60, TokensPerMinute = 90_000 },
                new RateLimitOptions { Scope = RateLimitScope.Key, Match = "batch-jobs", RequestsPerMinute = 600 },
                new RateLimitOptions { Scope = RateLimitScope.User, UsdPerMinute = 0.25m },
                new RateLimitOptions { Scope = RateLimitScope.Tag, Match = "project=atlas", RequestsPerMinute = 2 },
                new RateLimitOptions { Scope = RateLimitScope.Tag, Match = "project", RequestsPerMinute = 30 },
            ],
        };
        options.Features["summaries"] = new FeatureOptions { RateLimits = new FeatureRateLimitOptions { RequestsPerMinute = 30 } };

        Assert.True(new GatewayOptionsValidator().Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData(null, null, 10L, null, null, "RateLimits:0:Scope must be key, user, feature, team, tag or global.")]
    [InlineData(RateLimitScope.Key, null, null, null, null, "RateLimits:0 limits nothing: set RequestsPerMinute, TokensPerMinute or UsdPerMinute.")]
    [InlineData(RateLimitScope.Key, null, 0L, null, null, "RateLimits:0:RequestsPerMinute must be at least 1; it is 0.")]
    [InlineData(RateLimitScope.Key, null, null, -5L, null, "RateLimits:0:TokensPerMinute must be at least 1; it is -5.")]
    [InlineData(RateLimitScope.Key, null, null, null, "0", "RateLimits:0:UsdPerMinute must be from 0.000001 (a micro-dollar) to 1000000000000; it is 0.")]
    [InlineData(RateLimitScope.Global, "everyone", 10L, null, null, "RateLimits:0:Match does not go with the global scope, which counts every request together; remove it, or choose another scope.")]
    [InlineData(RateLimitScope.Feature, " summaries", 10L, null, null, "RateLimits:0:Match must name a value without spaces around it (remove it to give each value an allowance of its own).")]
    [InlineData(RateLimitScope.Tag, null, 10L, null, null, "RateLimits:0:Match must name the tag the rule counts: project=atlas for one allowance, project for one per value.")]
    [InlineData(RateLimitScope.Tag, "project=", 10L, null, null, "RateLimits:0:Match must be a tag as name=value (e.g. project=atlas), or a tag's name; it is 'project='.")]
    [InlineData(RateLimitScope.Tag, "cost centre=r&d", 10L, null, null, "RateLimits:0:Match must be a tag as name=value (e.g. project=atlas), or a tag's name; it is 'cost centre=r&d'.")]
    [InlineData(RateLimitScope.Tag, "=atlas", 10L, null, null, "RateLimits:0:Match must be a tag as name=value (e.g. project=atlas), or a tag's name; it is '=atlas'.")]
    public void A_wrong_rule_is_refused_with_a_message_naming_the_setting(RateLimitScope? scope, string? match, long? requests, long? tokens, string? usd, string message)
    {
        var options = new GatewayOptions
        {
            RateLimits = [new RateLimitOptions { Scope = scope, Match = match, RequestsPerMinute = requests, TokensPerMinute = tokens, UsdPerMinute = usd is null ? null : decimal.Parse(usd, System.Globalization.CultureInfo.InvariantCulture) }],
        };

        var result = new GatewayOptionsValidator().Validate(null, options);

        Assert.False(result.Succeeded);
        Assert.Contains(message, result.Failures!);
    }

    [Fact]
    public void Two_rules_counting_the_same_unit_for_the_same_requests_are_refused()
    {
        var options = new GatewayOptions { RateLimits = [new RateLimitOptions { Scope = RateLimitScope.Feature, Match = "Summaries", RequestsPerMinute = 10 }] };
        options.Features["summaries"] = new FeatureOptions { RateLimits = new FeatureRateLimitOptions { RequestsPerMinute = 20, TokensPerMinute = 100 } };

        var result = new GatewayOptionsValidator().Validate(null, options);

        Assert.Equal(["Features:summaries:RateLimits limits requests a minute for the same requests as RateLimits:0; keep one of them."], result.Failures);
    }

    [Fact]
    public void A_features_rate_limit_does_not_change_its_cache_fingerprint()
    {
        var feature = new FeatureOptions();
        var limited = new FeatureOptions { RateLimits = new FeatureRateLimitOptions { RequestsPerMinute = 10 } };

        Assert.Equal(FeatureFingerprint.Of(feature), FeatureFingerprint.Of(limited));
    }
}
