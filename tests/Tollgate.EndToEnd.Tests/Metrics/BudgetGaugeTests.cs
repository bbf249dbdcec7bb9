using System.Net.Http.Json;
using System.Text.Json;
using OpenAI.Chat;
using Tollgate.Testing.Clients;
using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests.Metrics;

/// <summary>
/// The budget gauges of <c>GET /metrics</c> show every budget <c>GET /admin/budgets</c> lists, with the same figures:
/// the budgets in force, each tier budget's instance per member (capped like any label, the rest as <c>other</c>) and
/// the features' unit budgets.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class BudgetGaugeTests(GatewayFixture fixture)
{
    private const string AdminKey = "admin-key-for-budget-gauges";
    private const double Cents = 1e-9;

    [Fact]
    public async Task Tier_and_unit_budgets_are_gauged_as_admin_budgets_lists_them_with_members_past_the_cap_as_other()
    {
        await using var gateway = await GatewayServer.StartAsync(fixture.Simulator, new GatewayServerOptions
        {
            AdminKey = AdminKey,
            Environment =
            {
                ["Tollgate__Metrics__MaxLabelValues"] = "1",
                ["Tollgate__Budgets__0__Id"] = "monthly",
                ["Tollgate__Budgets__0__LimitUsd"] = "5",
                ["Tollgate__Budgets__0__Period"] = "month",
                ["Tollgate__Tiers__free__Budgets__0__Id"] = "daily",
                ["Tollgate__Tiers__free__Budgets__0__LimitUsd"] = "1",
                ["Tollgate__Tiers__free__Budgets__0__Period"] = "day",
                ["Tollgate__Features__pricey__UnitBudget__UsdPer1000Calls"] = "0.5",
                ["Tollgate__Features__pricey__UnitBudget__Period"] = "day",
            },
        });
        var first = await CreateKeyAsync(gateway, "free-one");
        var second = await CreateKeyAsync(gateway, "free-two");
        await SdkClients.OpenAIChat(gateway.BaseAddress, apiKey: first).CompleteChatAsync([new UserChatMessage("Name a bird of the coast.")]);
        await SdkClients.OpenAIChat(gateway.BaseAddress, apiKey: first).CompleteChatAsync([new UserChatMessage("Name a tree of the hills.")]);
        await SdkClients.OpenAIChat(gateway.BaseAddress, apiKey: second).CompleteChatAsync([new UserChatMessage("Name a fish of the river.")]);
        await gateway.WaitForLedgerCommitsAsync();

        var listed = await BudgetsAsync(gateway);
        var scrape = await ScrapeAsync(gateway);

        // The budget in force and the unit budget: the same figures, under their ids and scopes.
        var monthly = listed["monthly"];
        Assert.Equal(monthly.GetProperty("spent_usd").GetDouble(), Gauge(scrape, "tollgate_budget_spent_usd", "monthly", "global"), Cents);
        Assert.Equal(5, Gauge(scrape, "tollgate_budget_limit_usd", "monthly", "global"));
        Assert.Equal(monthly.GetProperty("spent_usd").GetDouble() / 5, Gauge(scrape, "tollgate_budget_utilisation_ratio", "monthly", "global"), Cents);
        var unit = listed["unit:pricey"];
        var average = unit.GetProperty("unit").GetProperty("usd_per_1000_calls").GetDouble();
        Assert.Equal(3, unit.GetProperty("unit").GetProperty("calls").GetInt64());
        Assert.Equal(unit.GetProperty("spent_usd").GetDouble(), Gauge(scrape, "tollgate_budget_spent_usd", "unit:pricey", "feature:pricey"), Cents);
        Assert.Equal(average, Gauge(scrape, "tollgate_unit_budget_usd_per_1000_calls", "unit:pricey", "feature:pricey"), Cents);
        Assert.Equal(0.5, Gauge(scrape, "tollgate_unit_budget_target_usd_per_1000_calls", "unit:pricey", "feature:pricey"));
        Assert.Equal(average / 0.5, Gauge(scrape, "tollgate_budget_utilisation_ratio", "unit:pricey", "feature:pricey"), Cents);
        Assert.Empty(scrape.Find("tollgate_budget_limit_usd", ("budget", "unit:pricey")));

        // The tier budget: one member under its own name (the cap is 1), the other counted as other.
        var tier = scrape.Find("tollgate_budget_spent_usd", ("budget", "tier:free:daily")).ToDictionary(sample => sample.Labels["scope"], sample => sample.Value);
        Assert.Equal(2, tier.Count);
        var named = Assert.Single(tier.Keys, scope => scope != "other");
        Assert.Contains(named, new[] { "key:free-one", "key:free-two" });
        var instances = new[] { "key:free-one", "key:free-two" }.ToDictionary(member => member, member => listed["tier:free:daily:" + member]);
        Assert.Equal(instances[named].GetProperty("spent_usd").GetDouble(), tier[named], Cents);
        Assert.Equal(instances.Single(i => i.Key != named).Value.GetProperty("spent_usd").GetDouble(), tier["other"], Cents);
        Assert.All(instances.Values, instance => Assert.True(instance.GetProperty("spent_usd").GetDecimal() > 0m));
        Assert.Equal(instances[named].GetProperty("spent_usd").GetDouble(), Gauge(scrape, "tollgate_budget_utilisation_ratio", "tier:free:daily", named), Cents);
        Assert.Equal(1, Gauge(scrape, "tollgate_budget_limit_usd", "tier:free:daily", named));
    }

    private static double Gauge(PrometheusScrape scrape, string name, string budget, string scope) =>
        Assert.Single(scrape.Find(name, ("budget", budget), ("scope", scope))).Value;

    private static async Task<string> CreateKeyAsync(GatewayServer gateway, string name)
    {
        using var request = gateway.AdminRequest(HttpMethod.Post, "admin/keys");
        request.Content = JsonContent.Create(new Dictionary<string, string> { ["name"] = name, ["tier"] = "free", ["feature"] = "pricey" });
        using var response = await gateway.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("key").GetString()!;
    }

    private static async Task<Dictionary<string, JsonElement>> BudgetsAsync(GatewayServer gateway)
    {
        using var request = gateway.AdminRequest(HttpMethod.Get, "admin/budgets");
        using var response = await gateway.Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var budgets = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        return budgets.EnumerateArray().ToDictionary(budget => budget.GetProperty("id").GetString()!);
    }

    private static async Task<PrometheusScrape> ScrapeAsync(GatewayServer gateway)
    {
        using var request = gateway.AdminRequest(HttpMethod.Get, "metrics");
        using var response = await gateway.Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return PrometheusScrape.Parse(await response.Content.ReadAsStringAsync());
    }
}
