using System.ClientModel;
using System.Net;
using Tollgate.EndToEnd.Tests.Support;
using Tollgate.Testing.Clients;
using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests;

/// <summary>
/// A budget of scope <c>tag:KEY=VALUE</c> through the official OpenAI SDK: it counts the requests carrying that tag,
/// from <c>x-tollgate-tags</c> or from the key's own tags, refuses them with 402 once spent, and leaves the others alone.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class TagBudgetTests(GatewayFixture fixture)
{
    private const int MostCalls = 40;

    [Fact]
    public async Task A_tag_budget_refuses_the_calls_carrying_its_tag_once_spent_and_no_others()
    {
        // Written with an upper-case key: tag keys are case-insensitive and the budget holds it lower-case.
        await using var gateway = await GatewayServer.StartAsync(fixture.Simulator, new GatewayServerOptions
        {
            Environment = new()
            {
                ["Tollgate__Budgets__0__Id"] = "atlas-day",
                ["Tollgate__Budgets__0__Name"] = "Atlas daily",
                ["Tollgate__Budgets__0__Scope"] = "tag:Project=atlas",
                ["Tollgate__Budgets__0__LimitUsd"] = "0.001",
                ["Tollgate__Budgets__0__Period"] = "day",
            },
        });
        var atlasKey = await gateway.CreateKeyAsync("atlas-service", tags: new Dictionary<string, string> { ["project"] = "atlas" });
        var plainKey = await gateway.CreateKeyAsync("plain-service");

        var answered = 0;
        ClientResultException? refused = null;
        for (var i = 0; i < MostCalls && refused is null; i++)
        {
            try
            {
                await ChatAsync(gateway, plainKey, $"Atlas call {i}: one sentence about maps.", "project=atlas, env=dev");
                answered++;
            }
            catch (ClientResultException exception) when (exception.Status == 402)
            {
                refused = exception;
            }
        }

        Assert.NotNull(refused);
        Assert.True(answered >= 1, "the budget covers at least one call before it refuses");
        var error = Wire.Parse(refused.GetRawResponse()!.Content.ToString()).GetProperty("error");
        Assert.Equal("budget_exceeded", error.GetProperty("type").GetString());
        Assert.Contains("Atlas daily", error.GetProperty("message").GetString(), StringComparison.Ordinal);

        // The key's own project=atlas tag is counted the same way; another project and untagged calls still pass.
        var byKey = await Assert.ThrowsAsync<ClientResultException>(() => ChatAsync(gateway, atlasKey, "Atlas by key: one sentence about rivers.", tags: null));
        Assert.Equal(402, byKey.Status);
        var other = await ChatAsync(gateway, plainKey, "Other project: one sentence about hills.", "project=other");
        var untagged = await ChatAsync(gateway, plainKey, "No tags: one sentence about lakes.", tags: null);
        Assert.Equal((200, 200), (other.GetRawResponse().Status, untagged.GetRawResponse().Status));

        using var request = gateway.AdminRequest(HttpMethod.Get, "admin/budgets/atlas-day");
        using var response = await gateway.Http.SendAsync(request);
        var budget = Wire.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("tag:project=atlas", budget.GetProperty("budget").GetProperty("scope").GetString());
        Assert.InRange(budget.GetProperty("spent_usd").GetDecimal(), 0.000001m, 0.001m);
    }

    /// <summary>A chat call through the OpenAI SDK with <paramref name="key"/>, and <c>x-tollgate-tags</c> when given.</summary>
    private static Task<ClientResult> ChatAsync(GatewayServer gateway, string key, string prompt, string? tags) =>
        TaggedChat.SendAsync(SdkClients.OpenAIChat(gateway.BaseAddress, apiKey: key), $$"""{"model":"gpt-4.1","max_completion_tokens":40,"messages":[{"role":"user","content":"{{prompt}}"}]}""", tags);
}
