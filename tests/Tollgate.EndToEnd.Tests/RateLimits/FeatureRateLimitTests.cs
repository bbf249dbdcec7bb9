using System.ClientModel;
using System.Text.Json;
using Anthropic.Exceptions;
using Anthropic.Models.Messages;
using OpenAI.Chat;
using Tollgate.EndToEnd.Tests.Caching;
using Tollgate.Testing.Clients;

namespace Tollgate.EndToEnd.Tests.RateLimits;

/// <summary>
/// Rate limits per feature and in US dollars, edited in the configuration file while the gateway runs: tokens count the
/// input and output limit and are corrected to the usage once settled; cache hits count as requests; a request larger
/// than a limit allows at once is told so; a model without a price is refused where a dollar limit applies.
/// </summary>
public sealed class FeatureRateLimitTests(RateLimitedGateway fixture) : IClassFixture<RateLimitedGateway>
{
    [Fact]
    public async Task A_features_token_limit_counts_the_output_limit_and_then_only_what_the_call_used()
    {
        await fixture.ConfigureAsync(FeatureLimit("drafting", "\"TokensPerMinute\": 2000"), options => Limit(options, "drafting")?.TokensPerMinute == 2000);
        using var clients = new CacheClients(fixture.BaseAddress);
        clients.Headers.Values["x-tollgate-feature"] = "drafting";
        var request = new MessageCreateParams { Model = SdkClients.AnthropicModel, MaxTokens = 1500, Messages = [new UserMessageParam("Write a short note about tides.")] };

        var first = await clients.Anthropic.Messages.Create(request);

        // Counted at 1500 output tokens and more, the two calls would not fit in 2000; settled at their usage, they do.
        var second = await clients.Anthropic.Messages.Create(request);
        var tooLarge = await Assert.ThrowsAsync<AnthropicRateLimitException>(() => clients.Anthropic.Messages.Create(request with { MaxTokens = 2500 }));

        Assert.True(first.Usage.InputTokens + first.Usage.OutputTokens < 500, "the simulated answer is short");
        Assert.NotEmpty(second.Content);
        Assert.StartsWith("This request is more than the rate limit for feature:drafting allows at once: 2000 tokens per minute (this request counts 25", tooLarge.ApiMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cache_hits_count_against_a_request_limit()
    {
        await fixture.ConfigureAsync(FeatureLimit("faq", "\"RequestsPerMinute\": 2"), options => Limit(options, "faq")?.RequestsPerMinute == 2);
        using var clients = new CacheClients(fixture.BaseAddress);
        clients.Headers.Values["x-tollgate-feature"] = "faq";
        ChatMessage[] ask = [new UserChatMessage("How do I reset my password? [cache hits count]")];
        var stored = await fixture.EntriesAsync();

        await clients.Chat.CompleteChatAsync(ask, CacheClients.Deterministic());
        var missed = clients.Headers.LastCache;
        await fixture.WaitForEntriesAsync(stored + 1);
        await clients.Chat.CompleteChatAsync(ask, CacheClients.Deterministic());
        var hit = clients.Headers.LastCache;
        var refused = await Assert.ThrowsAsync<ClientResultException>(() => clients.Chat.CompleteChatAsync(ask, CacheClients.Deterministic()));

        Assert.Equal(("miss", "hit"), (missed, hit));
        Assert.Equal(429, refused.Status);
        Assert.Equal(1, await fixture.UpstreamCallsAsync("[cache hits count]"));
    }

    [Fact]
    public async Task A_limit_added_and_removed_in_the_config_file_applies_to_the_next_requests_without_a_restart()
    {
        using var clients = new CacheClients(fixture.BaseAddress);
        clients.Headers.Values["x-tollgate-feature"] = "reloaded";
        ChatMessage[] ask = [new UserChatMessage("Summarise the plot of Hamlet.")];
        await fixture.ConfigureAsync(string.Empty, options => options.RateLimits.Count == 0 && options.Features.Count == 0);
        for (var i = 0; i < 3; i++)
        {
            await clients.Chat.CompleteChatAsync(ask);
        }

        await fixture.ConfigureAsync(
            "\"RateLimits\": [ { \"Scope\": \"feature\", \"Match\": \"reloaded\", \"RequestsPerMinute\": 1 } ]",
            options => options.RateLimits.Count == 1);
        await clients.Chat.CompleteChatAsync(ask);
        var refused = await Assert.ThrowsAsync<ClientResultException>(() => clients.Chat.CompleteChatAsync(ask));
        await fixture.ConfigureAsync(string.Empty, options => options.RateLimits.Count == 0);
        var afterRemoval = await clients.Chat.CompleteChatAsync(ask);

        Assert.Equal(429, refused.Status);
        Assert.Equal(200, afterRemoval.GetRawResponse().Status);
    }

    [Fact]
    public async Task A_dollar_limit_counts_the_worst_case_cost_and_refuses_a_model_without_a_price()
    {
        await fixture.ConfigureAsync(FeatureLimit("pricey", "\"UsdPerMinute\": 0.0001"), options => Limit(options, "pricey")?.UsdPerMinute == 0.0001m);

        // gpt-4o-mini's output is $0.60 a million tokens: 1000 of them are $0.0006, more than the minute's $0.0001.
        using var tooExpensive = await PostAsync("""{"model":"gpt-4o-mini","max_completion_tokens":1000,"messages":[{"role":"user","content":"Hi"}]}""");
        using var cheap = await PostAsync("""{"model":"gpt-4o-mini","max_completion_tokens":50,"messages":[{"role":"user","content":"Hi"}]}""");
        using var unpriced = await PostAsync("""{"model":"house-model-7b","messages":[{"role":"user","content":"Hi"}]}""");

        Assert.Equal(429, (int)tooExpensive.StatusCode);
        Assert.Contains("$0.0001 per minute (this request counts $0.00060", await tooExpensive.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(200, (int)cheap.StatusCode);
        Assert.Equal(400, (int)unpriced.StatusCode);
        using var error = JsonDocument.Parse(await unpriced.Content.ReadAsStringAsync());
        Assert.Equal("model", error.RootElement.GetProperty("error").GetProperty("param").GetString());
    }

    private async Task<HttpResponseMessage> PostAsync(string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("x-tollgate-feature", "pricey");
        return await fixture.Http.SendAsync(request);
    }

    private static string FeatureLimit(string feature, string limits) => $"\"Features\": {{ \"{feature}\": {{ \"RateLimits\": {{ {limits} }} }} }}";

    private static Gateway.FeatureRateLimitOptions? Limit(Gateway.GatewayOptions options, string feature) =>
        options.Features.TryGetValue(feature, out var settings) ? settings.RateLimits : null;
}
