using System.ClientModel;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OpenAI.Chat;
using Tollgate.Core.Budgets;
using Tollgate.Gateway.Tests.Relay;
using Tollgate.Testing.Clients;

namespace Tollgate.Gateway.Tests.Budgets;

/// <summary>Budgets through an in-process gateway: roll-over with a controlled clock, the remaining header, unpriced models, cache hits.</summary>
public sealed class BudgetReservationTests
{
    // gpt-4.1 at 40 output tokens reserves about $0.00035.
    private const string OpenAIModel = "gpt-4.1";
    private const int MaxTokens = 40;

    [Fact]
    public async Task A_spent_daily_budget_serves_again_the_next_day()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var gateway = await InProcessGateway.StartAsync(
            options => options.Budgets.Add(new BudgetDocument { Id = "daily", Scope = "global", LimitUsd = 0.0006m, Period = "day" }),
            services => services.AddSingleton<TimeProvider>(time));
        var chat = SdkClients.OpenAIChat(gateway.Http.BaseAddress!, OpenAIModel);
        var ask = new ChatCompletionOptions { MaxOutputTokenCount = 60 };

        await chat.CompleteChatAsync([new UserChatMessage("Describe the harbour at dawn in a few sentences.")], ask);
        var refused = await Assert.ThrowsAsync<ClientResultException>(() => chat.CompleteChatAsync([new UserChatMessage("And at dusk?")], ask));
        Assert.Equal(402, refused.Status);

        time.Advance(TimeSpan.FromDays(1));

        ChatCompletion answer = await chat.CompleteChatAsync([new UserChatMessage("And at dusk?")], ask);
        Assert.False(string.IsNullOrEmpty(answer.Content[0].Text));
    }

    [Fact]
    public async Task An_answer_carries_the_smallest_amount_left_among_its_budgets()
    {
        await using var gateway = await InProcessGateway.StartAsync(options =>
        {
            options.Budgets.Add(new BudgetDocument { Id = "roomy", Scope = "global", LimitUsd = 10m });
            options.Budgets.Add(new BudgetDocument { Id = "search", Scope = "feature:search", LimitUsd = 0.01m, Period = "day" });
        });

        using var searchResponse = await PostChatAsync(gateway, feature: "search");
        using var otherResponse = await PostChatAsync(gateway, feature: "other");

        Assert.Equal(HttpStatusCode.OK, searchResponse.StatusCode);
        var left = decimal.Parse(searchResponse.Headers.GetValues(BudgetRefusal.RemainingUsdHeader).Single(), CultureInfo.InvariantCulture);
        Assert.InRange(left, 0.0095m, 0.01m - 0.000001m);
        var otherLeft = decimal.Parse(otherResponse.Headers.GetValues(BudgetRefusal.RemainingUsdHeader).Single(), CultureInfo.InvariantCulture);
        Assert.InRange(otherLeft, 9.99m, 10m);
    }

    [Fact]
    public async Task A_budgeted_request_for_an_unpriced_model_is_refused_naming_the_model_and_the_pricing_setting()
    {
        await using var gateway = await InProcessGateway.StartAsync(options => options.Budgets.Add(new BudgetDocument { Id = "all", Scope = "global", LimitUsd = 5m }));

        var error = await Assert.ThrowsAsync<ClientResultException>(() => SdkClients.OpenAIChat(gateway.Http.BaseAddress!, "house-model-7").CompleteChatAsync([new UserChatMessage("hi")], new ChatCompletionOptions { MaxOutputTokenCount = MaxTokens }));

        Assert.Equal(400, error.Status);
        Assert.Contains("'house-model-7' has no known price", error.Message, StringComparison.Ordinal);
        Assert.Contains("PricingFile", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cached_answer_is_served_even_when_the_budget_is_spent_and_costs_it_nothing()
    {
        await using var gateway = await InProcessGateway.StartAsync(options => options.Budgets.Add(new BudgetDocument { Id = "daily", Scope = "global", LimitUsd = 0.0006m, Period = "day" }));
        var chat = SdkClients.OpenAIChat(gateway.Http.BaseAddress!, OpenAIModel);
        var deterministic = new ChatCompletionOptions { MaxOutputTokenCount = 60, Temperature = 0f };
        ChatMessage[] question = [new UserChatMessage("Name the capital of France.")];

        ChatCompletion first = await chat.CompleteChatAsync(question, deterministic);
        Assert.Equal(402, (await Assert.ThrowsAsync<ClientResultException>(() => chat.CompleteChatAsync([new UserChatMessage("Name the capital of Spain.")], deterministic))).Status);
        // The answer is served from the writer's queue until it is written, so the repeat at once is a hit; a miss would
        // go upstream, and the budget would refuse it.
        var cached = await chat.CompleteChatAsync(question, deterministic);

        Assert.True(cached.GetRawResponse().Headers.TryGetValue("x-tollgate-cache", out var status) && status == "hit", status);
        Assert.Equal(first.Content[0].Text, cached.Value.Content[0].Text);
    }

    private static async Task<HttpResponseMessage> PostChatAsync(InProcessGateway gateway, string feature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
        {
            Content = new StringContent($$"""{"model":"{{OpenAIModel}}","max_tokens":{{MaxTokens}},"messages":[{"role":"user","content":"Say hello to {{feature}}."}]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("x-tollgate-feature", feature);
        return await gateway.Http.SendAsync(request);
    }
}
