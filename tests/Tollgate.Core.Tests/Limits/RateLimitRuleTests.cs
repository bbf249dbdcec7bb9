using Tollgate.Core.Identity;
using Tollgate.Core.Limits;
using Tollgate.Testing;

namespace Tollgate.Core.Tests.Limits;

/// <summary>Which requests a rate limit counts, and in whose allowance.</summary>
public sealed class RateLimitRuleTests
{
    [Fact]
    public void A_rule_without_a_match_gives_each_value_its_own_allowance()
    {
        var rule = new RateLimitRule(RateLimitScope.Key, null, 10, null, null);

        Assert.Equal("backend", rule.ValueFor(Exchange(key: "backend")));
        Assert.Equal("frontend", rule.ValueFor(Exchange(key: "frontend")));
        Assert.Null(rule.ValueFor(Exchange())); // no key: the key scope does not count it
        Assert.Equal("key:backend", rule.NameFor("backend"));
    }

    [Fact]
    public void A_rule_with_a_match_counts_only_that_value_in_one_shared_allowance()
    {
        var rule = new RateLimitRule(RateLimitScope.User, "alice", 10, null, null);

        Assert.Equal(string.Empty, rule.ValueFor(Exchange(user: "alice")));
        Assert.Null(rule.ValueFor(Exchange(user: "Alice")));
        Assert.Null(rule.ValueFor(Exchange(user: "bob")));
        Assert.Equal("user:alice", rule.NameFor(string.Empty));
    }

    [Fact]
    public void Feature_names_match_without_regard_to_case_as_the_feature_settings_do()
    {
        var rule = new RateLimitRule(RateLimitScope.Feature, "summaries", null, 1000, null);

        Assert.Equal(string.Empty, rule.ValueFor(Exchange(feature: "Summaries")));
        Assert.Equal(new RateLimitRule(RateLimitScope.Feature, "SUMMARIES", 5, null, null).TokensRule, rule.TokensRule);
    }

    [Fact]
    public void The_global_scope_counts_every_request_in_one_allowance()
    {
        var rule = new RateLimitRule(RateLimitScope.Global, null, 100, null, null);

        Assert.Equal(string.Empty, rule.ValueFor(Exchange()));
        Assert.Equal(string.Empty, rule.ValueFor(Exchange(key: "backend", team: "core")));
        Assert.Equal("global", rule.NameFor(string.Empty));
    }

    [Fact]
    public void A_team_rule_counts_the_requests_attributed_to_the_team()
    {
        var rule = new RateLimitRule(RateLimitScope.Team, "core", 100, null, null);

        Assert.Equal(string.Empty, rule.ValueFor(Exchange(team: "core")));
        Assert.Null(rule.ValueFor(Exchange(team: "growth")));
    }

    [Fact]
    public void A_tag_rule_matches_a_name_and_value_or_gives_each_value_of_a_tag_its_own_allowance()
    {
        KeyValuePair<string, string>[] tags = [new("project", "atlas"), new("env", "prod")];
        var atlas = new RateLimitRule(RateLimitScope.Tag, "project=atlas", 10, null, null);
        var perProject = new RateLimitRule(RateLimitScope.Tag, "project", 10, null, null);
        var perCustomer = new RateLimitRule(RateLimitScope.Tag, "customer", 10, null, null);

        Assert.Equal(string.Empty, atlas.ValueForTags(tags));
        Assert.Null(atlas.ValueForTags([new("project", "hermes")]));
        Assert.Equal("atlas", perProject.ValueForTags(tags));
        Assert.Null(perCustomer.ValueForTags(tags));
        Assert.Equal("tag:project=atlas", atlas.NameFor(string.Empty));
        Assert.Equal("tag:project=atlas", perProject.NameFor("atlas"));
    }

    [Fact]
    public void A_tag_rules_name_is_case_insensitive_and_carried_lower_case_as_requests_carry_it()
    {
        var atlas = new RateLimitRule(RateLimitScope.Tag, "Project=atlas", 10, null, null);

        Assert.Equal(string.Empty, atlas.ValueForTags([new("project", "atlas")]));
        Assert.Equal("tag:project=atlas", atlas.NameFor(string.Empty));
    }

    [Fact]
    public void A_rules_buckets_are_named_by_scope_match_and_unit_whatever_its_limits()
    {
        var rule = new RateLimitRule(RateLimitScope.Key, "backend", 10, 1000, 1.5m);
        var sameWithOtherLimits = new RateLimitRule(RateLimitScope.Key, "backend", 20, 2000, 3m);

        Assert.Equal(sameWithOtherLimits.RequestsRule, rule.RequestsRule);
        Assert.Equal(3, new[] { rule.RequestsRule, rule.TokensRule, rule.UsdRule }.Distinct().Count());
        Assert.NotEqual(new RateLimitRule(RateLimitScope.Key, null, 10, null, null).RequestsRule, rule.RequestsRule);
        Assert.Equal(1_500_000, rule.UsdMicrosPerMinute);
    }

    [Theory]
    [InlineData("0.0000001", 1)]
    [InlineData("0.0123451", 12346)]
    [InlineData("0", 0)]
    [InlineData("-1", 0)]
    public void Dollars_are_counted_in_micro_dollars_rounded_up(string usd, long micros) =>
        Assert.Equal(micros, RateLimitAmounts.Micros(decimal.Parse(usd, System.Globalization.CultureInfo.InvariantCulture)));

    private static TestExchange Exchange(string? key = null, string? user = null, string? feature = null, string? team = null) =>
        new("{}", "gpt-4o-mini")
        {
            Key = key is null ? null : new VirtualKey("key_1", key, null, null, null, "tg-abc", DateTimeOffset.UnixEpoch, null),
            User = user,
            Feature = feature,
            Team = team,
        };
}
