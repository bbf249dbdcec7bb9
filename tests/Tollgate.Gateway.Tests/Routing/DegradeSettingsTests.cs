using Tollgate.Core.Budgets;
using Tollgate.Core.Pricing;
using Tollgate.Gateway.Caching;
using Tollgate.Gateway.Hosting;
using Tollgate.Gateway.Routing;
using Tollgate.Gateway.Tests.Relay;

namespace Tollgate.Gateway.Tests.Routing;

/// <summary>
/// The models budgets degrade to, as settings: a feature's <c>DegradeModel</c> and a configured budget's must be priced,
/// of either provider family (the other one is served through translation); a budget may leave its degrade model to its
/// feature.
/// </summary>
public sealed class DegradeSettingsTests
{
    private static readonly DegradeSettingsValidator Validator = new(PricingCatalog.LoadDefault());

    [Fact]
    public void Priced_degrade_models_of_the_requests_family_are_accepted()
    {
        var options = new GatewayOptions();
        options.Features["search"] = new FeatureOptions { Model = "gpt-4.1", DegradeModel = "gpt-4.1-nano" };
        options.Features["drafts"] = new FeatureOptions { DegradeModel = "claude-haiku-4-5" };
        options.Budgets.Add(new BudgetDocument { Id = "claude", Provider = "anthropic", LimitUsd = 5m, DegradeAt = 0.8m, DegradeModel = "claude-haiku-4-5" });

        Assert.True(Validator.Validate(null, options).Succeeded);
    }

    [Fact]
    public void Degrade_models_of_the_other_provider_family_are_accepted_since_translation_serves_them()
    {
        var options = new GatewayOptions();
        options.Features["pinned"] = new FeatureOptions { Model = "claude-sonnet-4-5", DegradeModel = "gpt-4.1-nano" };
        options.Features["chat"] = new FeatureOptions { Model = "gpt-4o", DegradeModel = "claude-haiku-4-5" };
        options.Budgets.Add(new BudgetDocument { Id = "claude", Provider = "anthropic", LimitUsd = 5m, DegradeAt = 0.8m, DegradeModel = "gpt-4.1-nano" });

        Assert.True(Validator.Validate(null, options).Succeeded);
    }

    [Fact]
    public void An_unpriced_or_unprintable_degrade_model_is_refused_naming_the_setting()
    {
        var options = new GatewayOptions();
        options.Features["search"] = new FeatureOptions { DegradeModel = "house-model-7" };
        options.Features["pinned"] = new FeatureOptions { Model = "claude-sonnet-4-5", DegradeModel = "gpt-4.1-nano\u0007" };
        options.Budgets.Add(new BudgetDocument { Id = "claude", Provider = "anthropic", LimitUsd = 5m, DegradeAt = 0.8m, DegradeModel = "claude-haiku-9" });

        var result = Validator.Validate(null, options);

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        Assert.Equal(3, failures.Count);
        Assert.Contains(failures, failure => failure.StartsWith("Features:search:DegradeModel names 'house-model-7'", StringComparison.Ordinal) && failure.Contains("PricingFile", StringComparison.Ordinal));
        Assert.Contains(failures, failure => failure.StartsWith("Features:pinned:DegradeModel must name a model in printable ASCII characters", StringComparison.Ordinal));
        Assert.Contains(failures, failure => failure.StartsWith("Budgets:0:DegradeModel names 'claude-haiku-9'", StringComparison.Ordinal) && failure.Contains("does not price", StringComparison.Ordinal));
    }

    [Fact]
    public void A_budget_may_degrade_to_its_features_model_and_the_setting_leaves_the_cache_keys_alone()
    {
        var budget = new BudgetDocument { Id = "search-day", Scope = "feature:search", LimitUsd = 20m, Period = "day", DegradeAt = 0.5m };

        Assert.NotNull(budget.ToDefinition(null, out var problems));
        Assert.Empty(problems);
        Assert.Equal(FeatureFingerprint.Of(new FeatureOptions { Model = "gpt-4.1" }), FeatureFingerprint.Of(new FeatureOptions { Model = "gpt-4.1", DegradeModel = "gpt-4.1-nano" }));
    }

    [Fact]
    public async Task A_gateway_does_not_start_with_an_unpriced_degrade_model()
    {
        var error = await Assert.ThrowsAsync<GatewayStartupException>(() =>
            InProcessGateway.StartAsync(options => options.Features["search"] = new FeatureOptions { DegradeModel = "house-model-7" }));

        Assert.Contains("Features:search:DegradeModel", error.Message, StringComparison.Ordinal);
    }
}
