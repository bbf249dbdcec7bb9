using Tollgate.Gateway.Caching;
using Tollgate.Gateway.Hosting;

namespace Tollgate.Gateway.Tests.Budgets;

/// <summary>
/// A feature's unit budget and chargeback as settings: impossible values are refused at start and on reload with the
/// key named, and neither changes the cache's fingerprint (they judge and charge answers, they do not shape them).
/// </summary>
public sealed class UnitBudgetSettingsTests
{
    [Fact]
    public void An_impossible_unit_budget_is_refused_with_the_key_named()
    {
        var options = new GatewayOptions();
        options.Features["search"] = new FeatureOptions { UnitBudget = new UnitBudgetOptions { UsdPer1000Calls = 0m, Period = "rolling", MinCalls = 0 } };
        options.Features["chat"] = new FeatureOptions { UnitBudget = new UnitBudgetOptions { UsdPer1000Calls = 2m } };

        var result = new GatewayOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Equal(3, result.Failures!.Count(failure => failure.StartsWith("Features:search:UnitBudget:", StringComparison.Ordinal)));
        Assert.Contains(result.Failures!, failure => failure.Contains("UsdPer1000Calls must be above 0", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, failure => failure.Contains("hour, day, week or month", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Failures!, failure => failure.Contains("Features:chat", StringComparison.Ordinal));
    }

    [Fact]
    public void A_unit_budget_or_chargeback_leaves_the_features_cache_entries_alone()
    {
        var plain = new FeatureOptions { Model = "gpt-4.1-mini" };
        var judged = new FeatureOptions
        {
            Model = "gpt-4.1-mini",
            UnitBudget = new UnitBudgetOptions { UsdPer1000Calls = 2m, Period = "day" },
            Chargeback = new ChargebackOptions { CacheHits = true },
        };

        Assert.Equal(FeatureFingerprint.Of(plain), FeatureFingerprint.Of(judged));
    }
}
