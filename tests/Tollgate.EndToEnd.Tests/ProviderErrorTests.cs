using System.ClientModel;
using System.Text.Json.Nodes;
using Anthropic.Exceptions;
using Anthropic.Models.Messages;
using OpenAI.Chat;
using Tollgate.EndToEnd.Tests.Support;
using Tollgate.Testing.Clients;
using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests;

/// <summary>Provider errors reach the SDK as if it had called the provider itself: same exception, status, headers and body.</summary>
[Collection(GatewayCollection.Name)]
public sealed class ProviderErrorTests(GatewayFixture fixture)
{
    [Theory]
    [InlineData("429", 429)]
    [InlineData("500", 500)]
    [InlineData("529", 503)]
    public async Task An_openai_provider_error_reaches_the_sdk_as_it_would_directly(string fault, int status)
    {
        ChatMessage[] ask = [new UserChatMessage($"Hello [[fault:{fault}]]")];

        var direct = await Assert.ThrowsAsync<ClientResultException>(() => SdkClients.OpenAIChat(fixture.Simulator.BaseAddress).CompleteChatAsync(ask));
        var relayed = await Assert.ThrowsAsync<ClientResultException>(() => fixture.OpenAIChat().CompleteChatAsync(ask));

        Assert.Equal(status, relayed.Status);
        Assert.Equal(direct.Status, relayed.Status);
        var directResponse = direct.GetRawResponse()!;
        var relayedResponse = relayed.GetRawResponse()!;
        Assert.Equal(directResponse.Content.ToString(), relayedResponse.Content.ToString());
        Assert.Equal(directResponse.Headers.TryGetValue("retry-after", out var directRetry), relayedResponse.Headers.TryGetValue("retry-after", out var relayedRetry));
        Assert.Equal(directRetry, relayedRetry);
        if (status == 429)
        {
            Assert.Equal("1", relayedRetry);
        }

        Assert.True(relayedResponse.Headers.TryGetValue("x-tollgate-request-id", out var requestId));
        var entry = await fixture.Gateway.GetLedgerEntryAsync(requestId!);
        Assert.NotNull(entry);
        Assert.Equal(status, entry.Status);
        Assert.NotNull(entry.ErrorType);
    }

    [Theory]
    [InlineData("429", 429)]
    [InlineData("500", 500)]
    [InlineData("529", 529)]
    public async Task An_anthropic_provider_error_reaches_the_sdk_as_it_would_directly(string fault, int status)
    {
        var request = new MessageCreateParams { Model = SdkClients.AnthropicModel, MaxTokens = 64, Messages = [new UserMessageParam($"Hello [[fault:{fault}]]")] };

        var direct = await Assert.ThrowsAnyAsync<AnthropicApiException>(() => SdkClients.Anthropic(fixture.Simulator.BaseAddress).Messages.Create(request));
        var relayed = await Assert.ThrowsAnyAsync<AnthropicApiException>(() => fixture.Anthropic().Messages.Create(request));

        Assert.Equal(direct.GetType(), relayed.GetType());
        Assert.Equal(status, (int)relayed.StatusCode);
        Assert.Equal(direct.StatusCode, relayed.StatusCode);
        Assert.Equal(direct.Type!.Value(), relayed.Type!.Value());
        Assert.Equal(direct.ApiMessage, relayed.ApiMessage);
        Assert.True(JsonNode.DeepEquals(WithoutRequestId(direct.ResponseBody), WithoutRequestId(relayed.ResponseBody)), relayed.ResponseBody);
    }

    [Fact]
    public async Task A_rate_limit_on_a_stream_reaches_the_client_with_its_retry_after_and_error_body()
    {
        const string body = """{"model":"gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"hi [[fault:429]]"}]}""";

        using var direct = await fixture.Simulator.Http.SendAsync(Wire.Post("v1/chat/completions", body));
        using var relayed = await fixture.Gateway.Http.SendAsync(Wire.Post("v1/chat/completions", body));

        Assert.Equal(429, (int)relayed.StatusCode);
        Assert.Equal(direct.Headers.RetryAfter, relayed.Headers.RetryAfter);
        Assert.Equal(await direct.Content.ReadAsStringAsync(), await relayed.Content.ReadAsStringAsync());
        var entry = await fixture.Gateway.GetLedgerEntryAsync(Wire.Header(relayed, "x-tollgate-request-id"));
        Assert.Equal(429, entry!.Status);
        Assert.Equal("rate_limit_exceeded", entry.ErrorType);
    }

    /// <summary>Anthropic error bodies name the provider's own request id, different for every call.</summary>
    private static JsonNode WithoutRequestId(string body)
    {
        var node = JsonNode.Parse(body)!.AsObject();
        Assert.NotNull(node["request_id"]);
        node.Remove("request_id");
        return node;
    }
}
