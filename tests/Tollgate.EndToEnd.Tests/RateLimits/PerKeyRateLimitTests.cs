using System.ClientModel;
using System.Net.Http.Json;
using System.Text.Json;
using Anthropic.Exceptions;
using Anthropic.Models.Messages;
using OpenAI.Chat;
using Tollgate.Testing.Clients;
using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests.RateLimits;

/// <summary>
/// A limit of requests a minute per virtual key (<c>Tollgate:RateLimits</c>, scope <c>key</c>), through the official
/// SDKs: the call over the limit gets a 429 each SDK raises as its rate-limit error, with <c>retry-after</c> and the rule
/// named, and a ledger row; another key has its own allowance; the allowance refills with the clock.
/// </summary>
public sealed class PerKeyRateLimitTests(PerKeyRateLimitedGateway fixture) : IClassFixture<PerKeyRateLimitedGateway>
{
    [Fact]
    public async Task The_call_over_a_keys_limit_is_refused_with_429_and_retry_after_and_another_key_is_not()
    {
        var backend = await CreateKeyAsync("backend");
        var frontend = await CreateKeyAsync("frontend");
        var chat = SdkClients.OpenAIChat(fixture.BaseAddress, apiKey: backend);
        const string marker = "[per-key limit]";
        ChatMessage[] ask = [new UserChatMessage("What is the capital of France? " + marker)];

        await chat.CompleteChatAsync(ask);
        await chat.CompleteChatAsync(ask);
        var refused = await Assert.ThrowsAsync<ClientResultException>(() => chat.CompleteChatAsync(ask));
        var other = await SdkClients.OpenAIChat(fixture.BaseAddress, apiKey: frontend).CompleteChatAsync(ask);

        Assert.Equal(429, refused.Status);
        var response = refused.GetRawResponse()!;
        Assert.True(response.Headers.TryGetValue("retry-after", out var retryAfter));
        Assert.Equal("30", retryAfter); // 2 a minute: one more every 30 s
        Assert.True(response.Headers.TryGetValue("x-tollgate-ratelimit-scope", out var scope));
        Assert.Equal("key:backend", scope);
        using var body = JsonDocument.Parse(response.Content.ToString());
        var error = body.RootElement.GetProperty("error");
        Assert.Equal("rate_limit_exceeded", error.GetProperty("code").GetString());
        Assert.Equal("requests", error.GetProperty("type").GetString());
        Assert.Equal("Rate limit reached for key:backend: 2 requests per minute. Try again in 30 s.", error.GetProperty("message").GetString());
        Assert.Equal(200, other.GetRawResponse().Status);

        Assert.True(response.Headers.TryGetValue("x-tollgate-request-id", out var requestId));
        var row = await fixture.RowAsync(requestId!);
        Assert.Equal((429, "rate_limit_error", "backend"), (row.Status, row.ErrorType, row.KeyName));
        Assert.Equal(3, await fixture.UpstreamCallsAsync(marker)); // two of backend's, one of frontend's
    }

    [Fact]
    public async Task The_anthropic_sdk_raises_its_rate_limit_error_and_the_allowance_refills_as_the_clock_moves()
    {
        var key = await CreateKeyAsync("claude-app");
        var client = SdkClients.Anthropic(fixture.BaseAddress, apiKey: key);
        var request = new MessageCreateParams { Model = SdkClients.AnthropicModel, MaxTokens = 64, Messages = [new UserMessageParam("Name three rivers.")] };

        await client.Messages.Create(request);
        await client.Messages.Create(request);
        var refused = await Assert.ThrowsAsync<AnthropicRateLimitException>(() => client.Messages.Create(request));
        fixture.Clock.Advance(TimeSpan.FromSeconds(29));
        await Assert.ThrowsAsync<AnthropicRateLimitException>(() => client.Messages.Create(request));
        fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        var afterAWhile = await client.Messages.Create(request);

        Assert.Equal(429, (int)refused.StatusCode);
        Assert.Equal(Anthropic.Models.ErrorType.RateLimitError, refused.Type!.Value());
        Assert.Contains("key:claude-app", refused.ApiMessage, StringComparison.Ordinal);
        Assert.NotEmpty(afterAWhile.Content);
    }

    private async Task<string> CreateKeyAsync(string name)
    {
        using var response = await fixture.Http.PostAsJsonAsync("admin/keys", new { name });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("key").GetString()!;
    }
}
