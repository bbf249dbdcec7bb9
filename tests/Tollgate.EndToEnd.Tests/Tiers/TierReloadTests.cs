using System.ClientModel;

namespace Tollgate.EndToEnd.Tests.Tiers;

/// <summary>An edit of <c>Tollgate:Tiers</c> in the configuration file applies to the next request, without a restart.</summary>
public sealed class TierReloadTests(TieredGateway fixture) : IClassFixture<TieredGateway>
{
    [Fact]
    public async Task A_rate_limit_added_to_a_tier_and_a_budget_raised_apply_without_a_restart()
    {
        var pro = await fixture.CreateKeyAsync(new { name = "pro-reloaded", tier = "pro" });
        var free = await fixture.CreateKeyAsync(new { name = "free-reloaded", tier = "free" });
        await fixture.ChatAsync(pro, "Deserts by pro-reloaded: one sentence.");
        await fixture.ChatAsync(pro, "Deserts by pro-reloaded, again.");
        await fixture.SpendUntilRefusedAsync(free, "Oceans by free-reloaded");

        await fixture.ConfigureAsync(
            """
            "Tiers": {
              "free": { "Budgets": [ { "Id": "daily", "LimitUsd": 5, "Period": "day" } ] },
              "pro": { "Budgets": [ { "Id": "daily", "LimitUsd": 10, "Period": "day" } ], "RateLimits": [ { "Scope": "key", "RequestsPerMinute": 1 } ] }
            }
            """,
            options => options.Tiers.TryGetValue("pro", out var tier) && tier.RateLimits.Count == 1);

        await fixture.ChatAsync(pro, "Deserts by pro-reloaded, after the edit.");
        var refused = await Assert.ThrowsAsync<ClientResultException>(() => fixture.ChatAsync(pro, "Deserts by pro-reloaded, once more."));
        var freeAgain = await fixture.ChatAsync(free, "Oceans by free-reloaded, with more to spend.");

        Assert.Equal(429, refused.Status);
        Assert.True(refused.GetRawResponse()!.Headers.TryGetValue("x-tollgate-ratelimit-scope", out var scope));
        Assert.Equal("tier:pro:key:pro-reloaded", scope);
        Assert.Equal(200, freeAgain.GetRawResponse().Status);
    }
}
