using System.ClientModel;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Anthropic.Exceptions;
using Anthropic.Models.Messages;
using OpenAI.Chat;
using Tollgate.Testing.Clients;
using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests;

/// <summary>Budgets under load and as the official SDKs see their refusals.</summary>
[Collection(GatewayCollection.Name)]
public sealed class BudgetEnforcementTests(GatewayFixture fixture)
{
    // gpt-4.1 at 40 output tokens and Claude Haiku 4.5 at 40 reserve about $0.0003 each: $0.006 covers about 20 requests.
    private const string OpenAIModel = "gpt-4.1";
    private const int MaxTokens = 40;

    [Fact]
    public async Task Two_hundred_concurrent_requests_spend_no_more_than_the_keys_budget()
    {
        const decimal limit = 0.006m;
        await using var gateway = await GatewayServer.StartAsync(fixture.Simulator);
        var key = await CreateKeyAsync(gateway, "budgeted", limit);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() => CallAsync(gateway, key, i))));

        var failures = outcomes.Where(outcome => outcome is not ("ok" or "402")).ToList();
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        var answered = outcomes.Count(outcome => outcome == "ok");
        var refused = outcomes.Count(outcome => outcome == "402");
        Assert.True(answered >= 17, $"{answered} answered; the budget covers at least 17 worst cases");
        Assert.True(refused >= 100, $"{refused} refused");
        var spent = await SpentAsync(gateway);
        Assert.True(spent <= limit, $"spent {spent} of {limit}");
        Assert.True(spent > 0m);
    }

    [Fact]
    public async Task A_refusal_reaches_the_openai_and_anthropic_sdks_as_a_402_naming_the_budget_its_limit_and_its_reset()
    {
        await using var gateway = await GatewayServer.StartAsync(fixture.Simulator, new GatewayServerOptions
        {
            Environment = new()
            {
                ["Tollgate__Budgets__0__Id"] = "tiny",
                ["Tollgate__Budgets__0__Name"] = "Tiny daily",
                ["Tollgate__Budgets__0__LimitUsd"] = "0.00001",
                ["Tollgate__Budgets__0__Period"] = "day",
            },
        });

        var openAI = await Assert.ThrowsAsync<ClientResultException>(() => SdkClients.OpenAIChat(gateway.BaseAddress, OpenAIModel).CompleteChatAsync([new UserChatMessage("hi")], new ChatCompletionOptions { MaxOutputTokenCount = MaxTokens }));
        var anthropic = await Assert.ThrowsAnyAsync<AnthropicApiException>(() => SdkClients.Anthropic(gateway.BaseAddress).Messages.Create(AnthropicAsk("hi")));

        Assert.Equal(402, openAI.Status);
        Assert.Contains("budget_exceeded", openAI.GetRawResponse()!.Content.ToString(), StringComparison.Ordinal);
        Assert.Equal(402, (int)anthropic.StatusCode);
        Assert.Contains("\"type\":\"error\"", anthropic.ResponseBody, StringComparison.Ordinal);
        Assert.Contains("budget_exceeded", anthropic.ResponseBody, StringComparison.Ordinal);
        var tomorrow = DateTime.UtcNow.Date.AddDays(1).ToString("yyyy-MM-dd'T'00:00:00'Z'", CultureInfo.InvariantCulture);
        foreach (var message in new[] { openAI.Message, anthropic.ApiMessage })
        {
            Assert.Contains("Tiny daily", message, StringComparison.Ordinal);
            Assert.Contains("$0.00001 per day", message, StringComparison.Ordinal);
            Assert.Contains(tomorrow, message, StringComparison.Ordinal);
        }
    }

    private static MessageCreateParams AnthropicAsk(string text) => new() { Model = SdkClients.AnthropicModel, MaxTokens = MaxTokens, Messages = [new UserMessageParam(text)] };

    private static async Task<string> CreateKeyAsync(GatewayServer gateway, string name, decimal limitUsd)
    {
        using var request = gateway.AdminRequest(HttpMethod.Post, "admin/keys");
        request.Content = JsonContent.Create(new Dictionary<string, object> { ["name"] = name, ["budget"] = new Dictionary<string, object> { ["limit_usd"] = limitUsd, ["period"] = "day" } });
        using var response = await gateway.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("key").GetString()!;
    }

    /// <summary>What the ledger's settled rows cost in all (this gateway serves the test alone).</summary>
    private static async Task<decimal> SpentAsync(GatewayServer gateway)
    {
        using var request = gateway.AdminRequest(HttpMethod.Get, "admin/spend?group_by=key");
        using var response = await gateway.Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("totals").GetProperty("cost_usd").GetDecimal();
    }

    /// <summary>One call of the 200: OpenAI or Anthropic, whole or streamed, each with its own prompt (no cache, no coalescing).</summary>
    private static async Task<string> CallAsync(GatewayServer gateway, string key, int index)
    {
        var prompt = $"Request {index}: write one sentence about the number {index}.";
        try
        {
            switch (index % 4)
            {
                case 0:
                    await SdkClients.OpenAIChat(gateway.BaseAddress, OpenAIModel, key).CompleteChatAsync([new UserChatMessage(prompt)], new ChatCompletionOptions { MaxOutputTokenCount = MaxTokens });
                    break;
                case 1:
                    await foreach (var _ in SdkClients.OpenAIChat(gateway.BaseAddress, OpenAIModel, key).CompleteChatStreamingAsync([new UserChatMessage(prompt)], new ChatCompletionOptions { MaxOutputTokenCount = MaxTokens }))
                    {
                    }

                    break;
                case 2:
                    await SdkClients.Anthropic(gateway.BaseAddress, key).Messages.Create(AnthropicAsk(prompt));
                    break;
                default:
                    await foreach (var _ in SdkClients.Anthropic(gateway.BaseAddress, key).Messages.CreateStreaming(AnthropicAsk(prompt)))
                    {
                    }

                    break;
            }

            return "ok";
        }
        catch (ClientResultException exception) when (exception.Status == 402)
        {
            return "402";
        }
        catch (AnthropicApiException exception) when ((int)exception.StatusCode == 402)
        {
            return "402";
        }
        catch (Exception exception)
        {
            return $"call {index}: {exception.GetType().Name}: {exception.Message}";
        }
    }
}
