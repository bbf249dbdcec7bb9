using Tollgate.Core.Budgets;
using Tollgate.Core.Identity;
using Tollgate.Core.Limits;
using Tollgate.Core.Tiers;
using Tollgate.Testing;

namespace Tollgate.Core.Tests.Tiers;

/// <summary>A tier's budgets and rate limits apply to the requests of the tier only, each member with its own allowance.</summary>
public sealed class TierRulesTests
{
    private static readonly BudgetDefinition Daily = new() { Id = "daily", LimitUsd = 1m, Period = new BudgetPeriod(BudgetPeriodKind.Day) };

    [Fact]
    public void Each_member_of_a_tier_gets_its_own_instance_of_the_tiers_budget_with_a_stable_id()
    {
        var set = new BudgetSet([], new Dictionary<string, BudgetDefinition[]> { ["free"] = [Daily] });
        var alice = new TierMembership("free", new BudgetScope(BudgetScopeKind.User, "alice"));
        var backend = new TierMembership("free", new BudgetScope(BudgetScopeKind.Key, "backend"));

        var forAlice = Assert.Single(set.Applicable(new BudgetSubject { User = "alice", Tier = alice }));
        var forBackend = Assert.Single(set.Applicable(new BudgetSubject { KeyName = "backend", Tier = backend }));

        Assert.Equal(("tier:free:daily:user:alice", "user:alice", 1m), (forAlice.Id, forAlice.Scope.ToString(), forAlice.LimitUsd));
        Assert.Equal(("tier:free:daily:key:backend", "key:backend"), (forBackend.Id, forBackend.Scope.ToString()));
        Assert.Same(forAlice, Assert.Single(set.Applicable(new BudgetSubject { User = "alice", Tier = alice }))); // made once
        Assert.Empty(set.Applicable(new BudgetSubject { User = "alice" })); // no tier: no tier budget
        Assert.Empty(set.Applicable(new BudgetSubject { User = "alice", Tier = alice with { Tier = "pro" } }));
        Assert.False(set.IsEmpty);
    }

    [Fact]
    public void A_tiers_budget_limited_to_a_model_counts_that_models_requests_only()
    {
        var set = new BudgetSet([], new Dictionary<string, BudgetDefinition[]> { ["free"] = [Daily with { Model = "gpt-4.1" }] });
        var alice = new TierMembership("free", new BudgetScope(BudgetScopeKind.User, "alice"));

        Assert.Single(set.Applicable(new BudgetSubject { User = "alice", Tier = alice, Model = "gpt-4.1" }));
        Assert.Empty(set.Applicable(new BudgetSubject { User = "alice", Tier = alice, Model = "gpt-4.1-mini" }));
    }

    [Fact]
    public void A_tiers_rule_counts_each_member_of_the_tier_apart_and_no_other_request()
    {
        var rule = RateLimitRule.ForTier("free", null, 10, null, null);

        Assert.Equal("user:alice", rule.ValueFor(Exchange("free", BudgetScopeKind.User, "alice")));
        Assert.Equal("key:alice", rule.ValueFor(Exchange("free", BudgetScopeKind.Key, "alice")));
        Assert.Null(rule.ValueFor(Exchange("pro", BudgetScopeKind.User, "alice")));
        Assert.Null(rule.ValueFor(new TestExchange("{}", "gpt-4o-mini") { User = "alice" }));
        Assert.Equal("tier:free:user:alice", rule.NameFor("user:alice"));
        Assert.NotEqual(new RateLimitRule(RateLimitScope.Global, null, 10, null, null).RequestsRule, rule.RequestsRule);
    }

    [Fact]
    public void A_tiers_rule_of_the_key_scope_counts_each_key_of_the_tier_apart()
    {
        var rule = RateLimitRule.ForTier("free", RateLimitScope.Key, 10, null, null);
        var exchange = Exchange("free", BudgetScopeKind.User, "alice");
        exchange.Key = new VirtualKey("key_1", "portal", null, null, null, "tg-abc", DateTimeOffset.UnixEpoch, null);

        Assert.Equal("portal", rule.ValueFor(exchange));
        Assert.Equal("tier:free:key:portal", rule.NameFor("portal"));
        Assert.NotEqual(new RateLimitRule(RateLimitScope.Key, null, 10, null, null).RequestsRule, rule.RequestsRule);
        Assert.Throws<ArgumentOutOfRangeException>(() => RateLimitRule.ForTier("free", RateLimitScope.Team, 10, null, null));
    }

    private static TestExchange Exchange(string tier, BudgetScopeKind kind, string member) =>
        new("{}", "gpt-4o-mini") { Tier = new TierMembership(tier, new BudgetScope(kind, member)) };
}
