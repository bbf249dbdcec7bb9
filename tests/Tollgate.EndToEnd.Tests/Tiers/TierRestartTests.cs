using System.ClientModel;
using System.Net.Http.Json;
using System.Text.Json;
using OpenAI.Chat;
using Tollgate.Testing;
using Tollgate.Testing.Clients;
using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests.Tiers;

/// <summary>
/// A tier budget's spend survives the gateway: its member's instance has a stable id and the member's scope, so a
/// restarted <c>tollgate serve</c> reads the spend of the current window back from the ledger.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class TierRestartTests(GatewayFixture fixture)
{
    // One answer of gpt-4.1 leaves less than the next request's worst case at 60 output tokens.
    private static readonly Dictionary<string, string?> FreeTier = new()
    {
        ["Tollgate__Tiers__free__Budgets__0__Id"] = "daily",
        ["Tollgate__Tiers__free__Budgets__0__LimitUsd"] = "0.0006",
        ["Tollgate__Tiers__free__Budgets__0__Period"] = "day",
    };

    private static readonly ChatCompletionOptions Ask = new() { MaxOutputTokenCount = 60 };

    [Fact]
    public async Task A_restarted_gateway_keeps_the_spend_of_a_members_tier_budget()
    {
        using var data = new TemporaryDirectory();
        var options = new GatewayServerOptions { DataDirectory = data.Path, Environment = FreeTier };
        string key;
        await using (var gateway = await GatewayServer.StartAsync(fixture.Simulator, options))
        {
            using var created = await gateway.Http.PostAsJsonAsync("admin/keys", new { name = "free-app", tier = "free" });
            key = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("key").GetString()!;
            var chat = SdkClients.OpenAIChat(gateway.BaseAddress, "gpt-4.1", apiKey: key);
            await chat.CompleteChatAsync([new UserChatMessage("Describe the lighthouse at dawn in a few sentences.")], Ask);
            Assert.Equal(402, (await Assert.ThrowsAsync<ClientResultException>(() => chat.CompleteChatAsync([new UserChatMessage("And at dusk?")], Ask))).Status);
        }

        await using var restarted = await GatewayServer.StartAsync(fixture.Simulator, options);

        var refused = await Assert.ThrowsAsync<ClientResultException>(() => SdkClients.OpenAIChat(restarted.BaseAddress, "gpt-4.1", apiKey: key).CompleteChatAsync([new UserChatMessage("And at dusk?")], Ask));
        Assert.Equal(402, refused.Status);
        Assert.Contains("Budget 'daily (free tier, key:free-app)'", refused.Message, StringComparison.Ordinal);
        var budgets = JsonDocument.Parse(await restarted.Http.GetStringAsync("admin/budgets")).RootElement;
        var budget = budgets.EnumerateArray().Single(budget => budget.GetProperty("id").GetString() == "tier:free:daily:key:free-app");
        Assert.True(budget.GetProperty("spent_usd").GetDecimal() > 0m);
    }
}
