using System.ClientModel;
using System.Net;
using Anthropic.Exceptions;
using Anthropic.Models.Messages;
using OpenAI.Chat;
using Tollgate.EndToEnd.Tests.Support;
using Tollgate.Testing.Clients;
using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests;

/// <summary>
/// With one provider configured, the other family's routes answer 400 in that family's error shape, naming the
/// variables to set, and call no provider: Tollgate never answers a real application with simulated text, nor
/// sends a call to the provider of the other family.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class SingleProviderTests(GatewayFixture fixture)
{
    private const string OpenAIChatBody = """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"only one provider"}]}""";
    private const string AnthropicBody = """{"model":"claude-haiku-4-5","max_tokens":50,"messages":[{"role":"user","content":"only one provider"}]}""";

    private static MessageCreateParams Ask => new() { Model = SdkClients.AnthropicModel, MaxTokens = 50, Messages = [new UserMessageParam("only one provider")] };

    [Fact]
    public async Task With_only_OpenAI_configured_the_Anthropic_routes_answer_400_naming_the_variable_and_call_nothing()
    {
        await using var gateway = await GatewayServer.StartAsync(fixture.Simulator, Without("ANTHROPIC"));
        const string expected = "No Anthropic provider is configured on this Tollgate: set ANTHROPIC_API_KEY or ANTHROPIC_BASE_URL.";

        var sdk = await Assert.ThrowsAsync<AnthropicBadRequestException>(() => SdkClients.Anthropic(gateway.BaseAddress).Messages.Create(Ask));
        Assert.Equal(expected, Wire.Parse(sdk.ResponseBody).GetProperty("error").GetProperty("message").GetString());
        foreach (var (path, body) in new[] { ("v1/messages", AnthropicBody), ("v1/messages/count_tokens", """{"model":"claude-haiku-4-5","messages":[{"role":"user","content":"count me"}]}""") })
        {
            using var response = await gateway.Http.SendAsync(Wire.Post(path, body));
            var text = await response.Content.ReadAsStringAsync();

            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{path}: {(int)response.StatusCode} {text}");
            var error = Wire.Parse(text);
            Assert.Equal("error", error.GetProperty("type").GetString());
            Assert.Equal("invalid_request_error", error.GetProperty("error").GetProperty("type").GetString());
            Assert.Equal(expected, error.GetProperty("error").GetProperty("message").GetString());
            await AssertNothingCalledAsync(gateway, Wire.Header(response, "x-tollgate-request-id"));
        }

        ChatCompletion served = await SdkClients.OpenAIChat(gateway.BaseAddress).CompleteChatAsync([new UserChatMessage("the configured family still works")]);
        Assert.False(string.IsNullOrWhiteSpace(served.Content[0].Text));
    }

    [Fact]
    public async Task With_only_Anthropic_configured_the_OpenAI_routes_answer_400_naming_the_variable_and_call_nothing()
    {
        await using var gateway = await GatewayServer.StartAsync(fixture.Simulator, Without("OPENAI"));
        const string expected = "No OpenAI provider is configured on this Tollgate: set OPENAI_API_KEY or OPENAI_BASE_URL.";

        var sdk = await Assert.ThrowsAsync<ClientResultException>(() => SdkClients.OpenAIChat(gateway.BaseAddress).CompleteChatAsync([new UserChatMessage("only one provider")]));
        Assert.Equal(400, sdk.Status);
        Assert.Equal(expected, Wire.Parse(sdk.GetRawResponse()!.Content.ToString()).GetProperty("error").GetProperty("message").GetString());
        var requests = new[]
        {
            Wire.Post("v1/chat/completions", OpenAIChatBody),
            Wire.Post("v1/embeddings", """{"model":"text-embedding-3-small","input":"embed me"}"""),
            new HttpRequestMessage(HttpMethod.Get, "v1/models"),
        };
        foreach (var request in requests)
        {
            using var response = await gateway.Http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();

            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{request.RequestUri}: {(int)response.StatusCode} {text}");
            var error = Wire.Parse(text).GetProperty("error");
            Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
            Assert.Equal("invalid_request_error", error.GetProperty("code").GetString());
            Assert.Equal(expected, error.GetProperty("message").GetString());
            await AssertNothingCalledAsync(gateway, Wire.Header(response, "x-tollgate-request-id"));
            request.Dispose();
        }

        var served = await SdkClients.Anthropic(gateway.BaseAddress).Messages.Create(Ask);
        Assert.True(served.Usage.OutputTokens > 0);
    }

    /// <summary>The usual provider variables, less <paramref name="family"/>'s (a null value removes a variable).</summary>
    private static GatewayServerOptions Without(string family) => new()
    {
        Environment = { [family + "_API_KEY"] = null, [family + "_BASE_URL"] = null },
    };

    /// <summary>The refused call reached no provider, and its ledger row says so: 400, no provider, nothing billed.</summary>
    private async Task AssertNothingCalledAsync(GatewayServer gateway, string requestId)
    {
        Assert.Empty(await fixture.Simulator.GetRequestsAsync(requestId));
        var entry = await gateway.WaitForSettledEntryAsync(requestId);
        Assert.Equal(400, entry.Status);
        Assert.Null(entry.Provider);
        Assert.Equal(0m, entry.CostUsd);
        Assert.Equal(0, entry.Attempts);
    }
}
