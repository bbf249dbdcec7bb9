using System.Net;
using Anthropic.Models.Messages;
using OpenAI.Chat;
using Tollgate.EndToEnd.Tests.Caching;
using Tollgate.EndToEnd.Tests.Support;
using Tollgate.Testing.Clients;
using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests.Dashboard;

/// <summary>
/// A gateway guarded by an admin key, with a daily budget and real traffic from the simulated provider: three features,
/// two OpenAI models and a Claude model, and one exact cache hit.
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    public const string AdminKey = "admin-key-for-the-dashboard";

    public const string BudgetId = "dashboard-day";

    public SimulatorServer Simulator { get; private set; } = null!;

    public GatewayServer Gateway { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Simulator = await SimulatorServer.StartAsync();
        Gateway = await GatewayServer.StartAsync(Simulator, new GatewayServerOptions { AdminKey = AdminKey });

        using (var budget = Gateway.AdminRequest(HttpMethod.Post, "admin/budgets"))
        {
            budget.Content = Wire.Json($$"""{"id":"{{BudgetId}}","scope":"global","limit_usd":5,"period":"day"}""");
            using var created = await Gateway.Http.SendAsync(budget);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        using var clients = new CacheClients(Gateway.BaseAddress);
        clients.Headers.Values["x-tollgate-feature"] = "support-bot";
        for (var i = 0; i < 2; i++)
        {
            // The same deterministic question twice: the second is answered from the exact cache.
            await clients.Chat.CompleteChatAsync([new UserChatMessage("Dashboard: how do I reset my card PIN?")], CacheClients.Deterministic());
        }

        await clients.Chat.CompleteChatAsync([new UserChatMessage("Dashboard: what is my balance?")], CacheClients.Deterministic(0.7f));

        clients.Headers.Values["x-tollgate-feature"] = "search";
        await clients.ChatFor("gpt-4o").CompleteChatAsync([new UserChatMessage("Dashboard: rank these three documents by relevance to 'refund policy', and explain the ranking at length.")]);

        clients.Headers.Values["x-tollgate-feature"] = "summaries";
        await clients.Anthropic.Messages.Create(new MessageCreateParams
        {
            Model = SdkClients.AnthropicModel,
            MaxTokens = 200,
            Messages = [new UserMessageParam("Dashboard: summarise the quarterly report in three sentences.")],
        });

        // Every row settled and committed before a test reads the ledger through the page.
        await Gateway.WaitForLedgerCommitsAsync();
    }

    public async Task DisposeAsync()
    {
        if (Gateway is not null)
        {
            await Gateway.DisposeAsync();
        }

        if (Simulator is not null)
        {
            await Simulator.DisposeAsync();
        }
    }
}
