using System.ClientModel;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Tollgate.EndToEnd.Tests.Tiers;

/// <summary>
/// Tiers through the official OpenAI SDK: a tier's budget applies to each member apart (two free keys each get their
/// own allowance, and each its 402 after it, while a pro key goes on), a user joins a tier through the admin API, a
/// tier's rate limit refuses with 429, and a tier that does not exist is refused with 400.
/// </summary>
public sealed class TierTests(TieredGateway fixture) : IClassFixture<TieredGateway>
{
    [Fact]
    public async Task Two_keys_of_the_free_tier_each_get_their_own_allowance_and_a_pro_key_is_not_affected()
    {
        var first = await fixture.CreateKeyAsync(new { name = "free-a", tier = "free" });
        var second = await fixture.CreateKeyAsync(new { name = "free-b", tier = "Free" }); // tier names in any case
        var pro = await fixture.CreateKeyAsync(new { name = "pro-a", tier = "pro" });

        var (firstAnswered, firstRefusal) = await fixture.SpendUntilRefusedAsync(first, "Harbours by free-a");
        var (secondAnswered, secondRefusal) = await fixture.SpendUntilRefusedAsync(second, "Rivers by free-b");
        var proAnswer = await fixture.ChatAsync(pro, "Mountains by pro-a: one sentence.");

        // The second key was answered after the first had spent its allowance: the allowance is not shared.
        Assert.True(firstAnswered >= 1 && secondAnswered >= 1, $"answered {firstAnswered} and {secondAnswered} calls");
        Assert.Equal((402, 402), (firstRefusal.Status, secondRefusal.Status));
        var error = JsonDocument.Parse(firstRefusal.GetRawResponse()!.Content.ToString()).RootElement.GetProperty("error");
        Assert.Equal("budget_exceeded", error.GetProperty("type").GetString());
        Assert.Contains("Budget 'daily (free tier, key:free-a)' (key:free-a)", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(402, (await Assert.ThrowsAsync<ClientResultException>(() => fixture.ChatAsync(first, "Harbours by free-a, again."))).Status);
        Assert.Equal(200, proAnswer.GetRawResponse().Status);

        var budgets = (await fixture.AdminGetAsync("admin/budgets")).EnumerateArray().ToDictionary(budget => budget.GetProperty("id").GetString()!);
        foreach (var id in new[] { "tier:free:daily:key:free-a", "tier:free:daily:key:free-b" })
        {
            Assert.InRange(budgets[id].GetProperty("spent_usd").GetDecimal(), 0.000001m, 0.001m);
            Assert.Equal(0.001m, budgets[id].GetProperty("limit_usd").GetDecimal());
            Assert.Equal(0.001m - budgets[id].GetProperty("spent_usd").GetDecimal(), budgets[id].GetProperty("remaining_usd").GetDecimal());
            Assert.NotEqual(JsonValueKind.Null, budgets[id].GetProperty("resets_at").ValueKind);
        }

        Assert.True(budgets["tier:pro:daily:key:pro-a"].GetProperty("spent_usd").GetDecimal() > 0m);
        var tiers = (await fixture.AdminGetAsync("admin/tiers")).EnumerateArray().ToDictionary(tier => tier.GetProperty("name").GetString()!);
        Assert.True(tiers["free"].GetProperty("keys").GetInt32() >= 2);
        Assert.Equal("daily", Assert.Single(tiers["free"].GetProperty("budgets").EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal("member", Assert.Single(tiers["limited"].GetProperty("rate_limits").EnumerateArray()).GetProperty("per").GetString());
    }

    [Fact]
    public async Task A_user_put_in_a_tier_through_the_admin_api_gets_its_budget_and_leaves_it_when_removed()
    {
        var portal = await fixture.CreateKeyAsync(new { name = "portal", open_attribution = new[] { "user" } });

        using (var put = await fixture.Http.PutAsJsonAsync("admin/users/alice/tier", new { tier = "free" }))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        var (answered, refusal) = await fixture.SpendUntilRefusedAsync(portal, "Lakes for alice", user: "alice");
        var bob = await fixture.ChatAsync(portal, "Lakes for bob: one sentence.", user: "bob");

        Assert.True(answered >= 1, "the free tier covers at least one call");
        Assert.Contains("(user:alice)", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(200, bob.GetRawResponse().Status); // bob has no tier, and the key none either
        var free = (await fixture.AdminGetAsync("admin/tiers")).EnumerateArray().Single(tier => tier.GetProperty("name").GetString() == "free");
        Assert.True(free.GetProperty("users").GetInt32() >= 1);
        var budget = (await fixture.AdminGetAsync("admin/budgets")).EnumerateArray().Single(budget => budget.GetProperty("id").GetString() == "tier:free:daily:user:alice");
        Assert.Equal("user:alice", budget.GetProperty("budget").GetProperty("scope").GetString());

        using (var removed = await fixture.Http.DeleteAsync("admin/users/alice/tier"))
        {
            Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        }

        var afterwards = await fixture.ChatAsync(portal, "Lakes for alice, out of the tier: one sentence.", user: "alice");
        Assert.Equal(200, afterwards.GetRawResponse().Status);
        using var again = await fixture.Http.DeleteAsync("admin/users/alice/tier");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task A_tiers_rate_limit_refuses_each_member_past_its_own_allowance_with_429()
    {
        var first = await fixture.CreateKeyAsync(new { name = "limited-a", tier = "limited" });
        var second = await fixture.CreateKeyAsync(new { name = "limited-b", tier = "limited" });
        var plain = await fixture.CreateKeyAsync(new { name = "unlimited" });

        await fixture.ChatAsync(first, "Forests by limited-a: one sentence.");
        var refused = await Assert.ThrowsAsync<ClientResultException>(() => fixture.ChatAsync(first, "Forests by limited-a, again."));
        var other = await fixture.ChatAsync(second, "Forests by limited-b: one sentence.");
        await fixture.ChatAsync(plain, "Forests by a key of no tier: one sentence.");
        var plainAgain = await fixture.ChatAsync(plain, "Forests by a key of no tier, again.");

        Assert.Equal(429, refused.Status);
        var response = refused.GetRawResponse()!;
        Assert.True(response.Headers.TryGetValue("x-tollgate-ratelimit-scope", out var scope));
        Assert.Equal("tier:limited:key:limited-a", scope);
        Assert.True(response.Headers.TryGetValue("retry-after", out _));
        Assert.Equal((200, 200), (other.GetRawResponse().Status, plainAgain.GetRawResponse().Status));
    }

    [Fact]
    public async Task A_tier_that_does_not_exist_is_refused_with_400_for_a_key_and_for_a_user()
    {
        using var key = await fixture.Http.PostAsJsonAsync("admin/keys", new { name = "golden", tier = "gold" });
        using var user = await fixture.Http.PutAsJsonAsync("admin/users/carol/tier", new { tier = "gold" });

        foreach (var response in new[] { key, user })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
            Assert.Equal("tier", error.GetProperty("param").GetString());
            Assert.StartsWith("There is no tier 'gold': the tiers are ", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        var keys = await fixture.AdminGetAsync("admin/keys");
        Assert.DoesNotContain(keys.EnumerateArray(), listed => listed.GetProperty("name").GetString() == "golden");
    }
}
