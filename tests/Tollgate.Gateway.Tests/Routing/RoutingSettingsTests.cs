using Tollgate.Core.Pricing;
using Tollgate.Core.Routing;
using Tollgate.Gateway.Caching;
using Tollgate.Gateway.Hosting;
using Tollgate.Gateway.Routing;
using Tollgate.Gateway.Tests.Relay;

namespace Tollgate.Gateway.Tests.Routing;

/// <summary>
/// The features' routing rules as settings: known task types, tiers that exist, priced models, no rule beside a pinned
/// model; every refusal names the setting. A rule is part of the feature's cache fingerprint (it shapes answers).
/// </summary>
public sealed class RoutingSettingsTests
{
    private static readonly PricingCatalog Pricing = PricingCatalog.LoadDefault();
    private static readonly RoutingSettingsValidator Validator = new(Pricing, ModelCatalog.Load(Pricing));

    [Fact]
    public void A_rule_of_known_tasks_tiers_and_priced_models_is_accepted()
    {
        var options = new GatewayOptions();
        options.Features["support"] = new FeatureOptions
        {
            Routing = new FeatureRoutingOptions
            {
                Task = "Classification",
                RewriteModel = true,
                Tiers = { ["chat"] = "small", ["summarization"] = "FRONTIER" },
                Models = { ["small"] = "gpt-4o-mini", ["frontier"] = "claude-opus-4-1" },
            },
        };

        Assert.True(Validator.Validate(null, options).Succeeded);
    }

    [Fact]
    public void Unknown_tasks_missing_tiers_unpriced_models_and_a_pin_are_refused_naming_the_setting()
    {
        var options = new GatewayOptions();
        options.Features["support"] = new FeatureOptions
        {
            Routing = new FeatureRoutingOptions
            {
                Task = "poetry",
                Tiers = { ["gossip"] = "small", ["chat"] = "huge" },
                Models = { ["tiny"] = "gpt-4.1-nano", ["small"] = "house-model-7" },
            },
        };
        options.Features["pinned"] = new FeatureOptions { Model = "gpt-4.1", Routing = new FeatureRoutingOptions { Task = "chat" } };

        var failures = Validator.Validate(null, options).Failures!.ToList();

        Assert.Equal(6, failures.Count);
        Assert.Contains(failures, failure => failure.StartsWith("Features:support:Routing:Task must be one of: classification,", StringComparison.Ordinal) && failure.EndsWith("it is 'poetry'.", StringComparison.Ordinal));
        Assert.Contains(failures, failure => failure.StartsWith("Features:support:Routing:Tiers:gossip is not a task type", StringComparison.Ordinal));
        Assert.Contains(failures, failure => failure.StartsWith("Features:support:Routing:Tiers:chat names tier 'huge', which does not exist", StringComparison.Ordinal));
        Assert.Contains(failures, failure => failure.StartsWith("Features:support:Routing:Models:tiny names tier 'tiny', which does not exist", StringComparison.Ordinal));
        Assert.Contains(failures, failure => failure.StartsWith("Features:support:Routing:Models:small names 'house-model-7', which the pricing catalog does not price", StringComparison.Ordinal));
        Assert.Contains(failures, failure => failure.StartsWith("Features:pinned:Routing cannot be used beside Features:pinned:Model ('gpt-4.1')", StringComparison.Ordinal));
    }

    [Fact]
    public void A_rule_is_part_of_the_features_cache_fingerprint()
    {
        Assert.NotEqual(
            FeatureFingerprint.Of(new FeatureOptions { Routing = new FeatureRoutingOptions { Task = "chat" } }),
            FeatureFingerprint.Of(new FeatureOptions { Routing = new FeatureRoutingOptions { Task = "code" } }));
    }

    [Fact]
    public async Task A_gateway_does_not_start_with_a_rule_naming_a_missing_tier()
    {
        var error = await Assert.ThrowsAsync<GatewayStartupException>(() =>
            InProcessGateway.StartAsync(options => options.Features["search"] = new FeatureOptions { Routing = new FeatureRoutingOptions { Tiers = { ["code"] = "gigantic" } } }));

        Assert.Contains("Features:search:Routing:Tiers:code", error.Message, StringComparison.Ordinal);
    }
}
