using System.Net;
using System.Text.Json;
using OpenAI.Chat;
using Tollgate.EndToEnd.Tests.Caching;
using Tollgate.EndToEnd.Tests.Support;
using Tollgate.Testing;
using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests;

/// <summary>
/// A feature's unit budget (<c>Tollgate:Features:NAME:UnitBudget</c>): its period's calls, spend and average per 1,000
/// calls are listed on <c>GET /admin/budgets</c>, one <c>budget_unit_exceeded</c> alert is raised once the average
/// passes the target by 20% over at least <c>MinCalls</c> calls (not before), and the figures survive a restart.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class UnitBudgetTests(GatewayFixture fixture)
{
    // Any call costs more than $0.001 per 1,000 calls: the third call passes the target with room to spare.
    private static readonly Dictionary<string, string?> PriceyFeature = new()
    {
        ["Tollgate__Features__pricey__UnitBudget__UsdPer1000Calls"] = "0.001",
        ["Tollgate__Features__pricey__UnitBudget__Period"] = "day",
        ["Tollgate__Features__pricey__UnitBudget__MinCalls"] = "3",
    };

    [Fact]
    public async Task An_expensive_feature_raises_one_unit_alert_after_its_minimum_calls_and_its_figures_survive_a_restart()
    {
        using var data = new TemporaryDirectory();
        var options = new GatewayServerOptions { DataDirectory = data.Path, Environment = PriceyFeature };
        JsonElement before;
        await using (var gateway = await GatewayServer.StartAsync(fixture.Simulator, options))
        {
            using var clients = new CacheClients(gateway.BaseAddress);
            clients.Headers.Values["x-tollgate-feature"] = "pricey";
            await CallAsync(gateway, clients, "Unit call one: name a river.");
            await CallAsync(gateway, clients, "Unit call two: name a mountain.");

            // Two calls are below MinCalls: nothing raised. The test alert, queued after any, marks the end of the queue.
            Assert.Empty(await UnitAlertsAfterMarkerAsync(gateway));

            await CallAsync(gateway, clients, "Unit call three: name a lake.");
            var alert = Assert.Single(await Poll.UntilAsync(async () => await UnitAlertsAsync(gateway) is { Count: > 0 } found ? found : null, TimeSpan.FromSeconds(30), "the unit alert"));
            Assert.Equal("unit:pricey", alert.GetProperty("subject").GetProperty("id").GetString());
            Assert.Equal("3", alert.GetProperty("details").GetProperty("calls").GetString());

            // A fourth call past the target in the same period raises nothing more.
            await CallAsync(gateway, clients, "Unit call four: name a sea.");
            Assert.Single(await UnitAlertsAfterMarkerAsync(gateway));

            before = await UnitEntryAsync(gateway);
            Assert.Equal(4, before.GetProperty("unit").GetProperty("calls").GetInt64());
            Assert.True(before.GetProperty("spent_usd").GetDecimal() > 0m);
            Assert.True(before.GetProperty("unit").GetProperty("usd_per_1000_calls").GetDecimal() > 0.0012m);
            Assert.Equal(0.001m, before.GetProperty("unit").GetProperty("target_usd_per_1000_calls").GetDecimal());
            Assert.True(before.GetProperty("unit").GetProperty("exceeded").GetBoolean());
            Assert.Equal(DateTimeOffset.UtcNow.UtcDateTime.Date.AddDays(1), before.GetProperty("resets_at").GetDateTimeOffset().UtcDateTime);
        }

        await using var restarted = await GatewayServer.StartAsync(fixture.Simulator, options);

        var after = await UnitEntryAsync(restarted);
        Assert.Equal(4, after.GetProperty("unit").GetProperty("calls").GetInt64());
        Assert.Equal(before.GetProperty("spent_usd").GetDecimal(), after.GetProperty("spent_usd").GetDecimal());
    }

    private static async Task CallAsync(GatewayServer gateway, CacheClients clients, string prompt)
    {
        await clients.Chat.CompleteChatAsync([new UserChatMessage(prompt)], new ChatCompletionOptions { MaxOutputTokenCount = 40 });
        await gateway.WaitForSettledEntryAsync(clients.Headers.LastRequestId!);
    }

    private static async Task<JsonElement> UnitEntryAsync(GatewayServer gateway)
    {
        using var request = gateway.AdminRequest(HttpMethod.Get, "admin/budgets");
        using var response = await gateway.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Wire.Parse(await response.Content.ReadAsStringAsync()).EnumerateArray().Single(entry => entry.GetProperty("id").GetString() == "unit:pricey").Clone();
    }

    /// <summary>The unit alerts listed once a test alert raised now is listed too (the queue delivers in order).</summary>
    private static async Task<List<JsonElement>> UnitAlertsAfterMarkerAsync(GatewayServer gateway)
    {
        var tests = await TestAlertsAsync(gateway);
        using (var test = gateway.AdminRequest(HttpMethod.Post, "admin/alerts/test"))
        using (var raised = await gateway.Http.SendAsync(test))
        {
            Assert.Equal(HttpStatusCode.Accepted, raised.StatusCode);
        }

        await Poll.UntilAsync(async () => await TestAlertsAsync(gateway) > tests, TimeSpan.FromSeconds(30), "the test alert");
        return await UnitAlertsAsync(gateway);
    }

    private static async Task<int> TestAlertsAsync(GatewayServer gateway) =>
        (await ListAlertsAsync(gateway)).Count(alert => alert.GetProperty("kind").GetString() == "test");

    private static async Task<List<JsonElement>> UnitAlertsAsync(GatewayServer gateway) =>
        [.. (await ListAlertsAsync(gateway)).Where(alert => alert.GetProperty("kind").GetString() == "budget_unit_exceeded")];

    private static async Task<List<JsonElement>> ListAlertsAsync(GatewayServer gateway)
    {
        using var request = gateway.AdminRequest(HttpMethod.Get, "admin/alerts");
        using var response = await gateway.Http.SendAsync(request);
        return [.. Wire.Parse(await response.Content.ReadAsStringAsync()).GetProperty("alerts").EnumerateArray().Select(alert => alert.Clone())];
    }
}
