using System.ClientModel;
using OpenAI.Chat;
using Tollgate.Testing;
using Tollgate.Testing.Clients;
using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests;

/// <summary>A budget's spend survives the gateway: a restart mid-period does not hand out a fresh budget.</summary>
[Collection(GatewayCollection.Name)]
public sealed class BudgetRestartTests(GatewayFixture fixture)
{
    // One answer of gpt-4.1 (two to five sentences) leaves less than the next request's worst case at 60 output tokens.
    private static readonly Dictionary<string, string?> DailyBudget = new()
    {
        ["Tollgate__Budgets__0__Id"] = "daily",
        ["Tollgate__Budgets__0__Scope"] = "global",
        ["Tollgate__Budgets__0__LimitUsd"] = "0.0006",
        ["Tollgate__Budgets__0__Period"] = "day",
    };

    private static readonly ChatCompletionOptions Ask = new() { MaxOutputTokenCount = 60 };

    [Fact]
    public async Task A_restarted_gateway_keeps_the_spend_of_the_current_period()
    {
        using var data = new TemporaryDirectory();
        var options = new GatewayServerOptions { DataDirectory = data.Path, Environment = DailyBudget };
        await using (var gateway = await GatewayServer.StartAsync(fixture.Simulator, options))
        {
            var chat = SdkClients.OpenAIChat(gateway.BaseAddress, "gpt-4.1");
            await chat.CompleteChatAsync([new UserChatMessage("Describe the harbour at dawn in a few sentences.")], Ask);
            Assert.Equal(402, (await Assert.ThrowsAsync<ClientResultException>(() => chat.CompleteChatAsync([new UserChatMessage("And at dusk?")], Ask))).Status);
        }

        await using var restarted = await GatewayServer.StartAsync(fixture.Simulator, options);

        var refused = await Assert.ThrowsAsync<ClientResultException>(() => SdkClients.OpenAIChat(restarted.BaseAddress, "gpt-4.1").CompleteChatAsync([new UserChatMessage("And at dusk?")], Ask));
        Assert.Equal(402, refused.Status);
        Assert.Contains("Budget 'daily'", refused.Message, StringComparison.Ordinal);
    }
}
