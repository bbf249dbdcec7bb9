using Tollgate.Core.Budgets;
using Tollgate.Core.Limits;
using Tollgate.Gateway.Hosting;
using Tollgate.Gateway.Limits;
using Tollgate.Gateway.Tiers;

namespace Tollgate.Gateway.Tests.Tiers;

/// <summary>The <c>Tollgate:Tiers</c>, <c>DefaultTier</c> and <c>Users:USER:Tier</c> settings: what they become, and what the validator refuses.</summary>
public sealed class TierSettingsTests
{
    [Fact]
    public void Valid_tiers_pass_validation_and_their_rules_join_the_others()
    {
        var options = Tiered();
        options.RateLimits = [new RateLimitOptions { Scope = RateLimitScope.Key, RequestsPerMinute = 60 }];
        options.DefaultTier = "FREE";
        options.Users["alice"] = new UserOptions { Tier = "pro" };

        Assert.True(new GatewayOptionsValidator().Validate(null, options).Succeeded);
        var rules = RateLimitSettings.RulesOf(options);
        Assert.Equal([null, "free", "pro"], rules.Select(rule => rule.Tier));
        Assert.True(rules[1].IsPerMember);
        Assert.Equal(RateLimitScope.User, rules[2].Scope);
        var tiers = TierSettings.Of(options);
        Assert.Equal("free", tiers.DefaultTier);
        Assert.Equal("daily", Assert.Single(tiers.Budgets["Free"]).Id);
    }

    [Theory]
    [InlineData("DefaultTier", "DefaultTier names the tier 'gold', which Tiers does not define (it has free, pro).")]
    [InlineData("UserTier", "Users:alice:Tier names the tier 'gold', which Tiers does not define (it has free, pro).")]
    [InlineData("ScopedBudget", "Tiers:free:Budgets:0: a tier's budget has no Scope: each member of the tier (the user or key it has the tier from) gets one of its own; remove Scope 'user:alice'.")]
    [InlineData("BadBudget", "Tiers:free:Budgets:0: budget \"daily\" sets no limit: give limit_usd, limit_tokens or both.")]
    [InlineData("TeamRule", "Tiers:free:RateLimits:0:Scope must be key or user, or unset to count each member of the tier (the user or key it has the tier from) apart.")]
    [InlineData("MatchedRule", "Tiers:free:RateLimits:0:Match does not go with a tier's rule, which gives each member of the tier an allowance of its own; remove it.")]
    [InlineData("EmptyRule", "Tiers:free:RateLimits:0 limits nothing: set RequestsPerMinute, TokensPerMinute or UsdPerMinute.")]
    [InlineData("BadName", "Tiers:free plan: a tier's name is 1 to 64 letters, digits, '.', '_' and '-'.")]
    public void A_wrong_tier_setting_is_refused_with_a_message_naming_it(string wrong, string message)
    {
        var options = Tiered();
        var free = options.Tiers["free"];
        switch (wrong)
        {
            case "DefaultTier": options.DefaultTier = "gold"; break;
            case "UserTier": options.Users["alice"] = new UserOptions { Tier = "gold" }; break;
            case "ScopedBudget": free.Budgets[0].Scope = "user:alice"; break;
            case "BadBudget": free.Budgets[0].LimitUsd = null; break;
            case "TeamRule": free.RateLimits[0].Scope = RateLimitScope.Team; break;
            case "MatchedRule": free.RateLimits[0].Match = "alice"; break;
            case "EmptyRule": free.RateLimits[0].RequestsPerMinute = null; break;
            default: options.Tiers.Remove("pro"); options.Tiers["free plan"] = new TierOptions(); break;
        }

        var result = new GatewayOptionsValidator().Validate(null, options);

        Assert.False(result.Succeeded);
        Assert.Contains(message, result.Failures!);
    }

    private static GatewayOptions Tiered()
    {
        var options = new GatewayOptions();
        options.Tiers["free"] = new TierOptions
        {
            Budgets = [new BudgetDocument { Id = "daily", LimitUsd = 1m, Period = "day" }],
            RateLimits = [new RateLimitOptions { RequestsPerMinute = 10 }],
        };
        options.Tiers["pro"] = new TierOptions { RateLimits = [new RateLimitOptions { Scope = RateLimitScope.User, TokensPerMinute = 100_000 }] };
        return options;
    }
}
