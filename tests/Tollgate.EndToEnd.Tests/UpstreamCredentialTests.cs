using Anthropic.Models.Messages;
using OpenAI.Chat;
using Tollgate.EndToEnd.Tests.Support;
using Tollgate.Providers.Simulation;
using Tollgate.Testing.Clients;
using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests;

/// <summary>
/// What reaches the provider: the gateway's provider key, never the client's virtual key, and the protocol
/// headers a client may set. Read from the simulator's request log, which keeps credential fingerprints.
/// </summary>
public sealed class UpstreamCredentialTests(KeyedGatewayFixture fixture) : IClassFixture<KeyedGatewayFixture>
{
    private static readonly string OpenAIProviderKey = CredentialFingerprint.Of(GatewayServer.OpenAIProviderKey);
    private static readonly string AnthropicProviderKey = CredentialFingerprint.Of(GatewayServer.AnthropicProviderKey);

    [Fact]
    public async Task An_openai_call_made_with_a_virtual_key_reaches_the_provider_with_the_provider_key_only()
    {
        var result = await SdkClients.OpenAIChat(fixture.Gateway.BaseAddress, apiKey: fixture.PlainKey).CompleteChatAsync([new UserChatMessage("whose key?")]);
        Assert.True(result.GetRawResponse().Headers.TryGetValue("x-tollgate-request-id", out var requestId));

        var upstream = await fixture.Simulator.WaitForRequestAsync(requestId!);

        var credentials = Assert.IsAssignableFrom<IReadOnlyDictionary<string, string>>(upstream.Credentials);
        Assert.Equal(new Dictionary<string, string> { ["authorization"] = "Bearer " + OpenAIProviderKey }, credentials);
        AssertNoVirtualKey(upstream);
    }

    [Fact]
    public async Task An_anthropic_call_made_with_a_virtual_key_reaches_the_provider_with_the_provider_key_only()
    {
        using var response = await SdkClients.Anthropic(fixture.Gateway.BaseAddress, apiKey: fixture.AttributedKey).WithRawResponse.Messages.Create(
            new MessageCreateParams { Model = SdkClients.AnthropicModel, MaxTokens = 20, Messages = [new UserMessageParam("whose key?")] });
        var requestId = Assert.Single(response.GetHeaderValues("x-tollgate-request-id"));

        var upstream = await fixture.Simulator.WaitForRequestAsync(requestId);

        Assert.Equal(new Dictionary<string, string> { ["x-api-key"] = AnthropicProviderKey }, upstream.Credentials);
        Assert.DoesNotContain("authorization", HeaderNames(upstream));
        AssertNoVirtualKey(upstream);
    }

    [Fact]
    public async Task The_clients_anthropic_version_is_the_one_the_provider_gets()
    {
        using var request = Wire.Post("v1/messages", """{"model":"claude-haiku-4-5","max_tokens":20,"messages":[{"role":"user","content":"version"}]}""");
        request.Headers.Add("x-api-key", fixture.PlainKey);
        request.Headers.Add("anthropic-version", "2024-02-29");

        using var response = await fixture.Gateway.Http.SendAsync(request);
        var upstream = await fixture.Simulator.WaitForRequestAsync(Wire.Header(response, "x-tollgate-request-id"));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("2024-02-29", upstream.Headers!["anthropic-version"]);
    }

    [Fact]
    public async Task Protocol_headers_pass_through_and_a_missing_anthropic_version_gets_the_default()
    {
        using var anthropic = Wire.Post("v1/messages", """{"model":"claude-haiku-4-5","max_tokens":20,"messages":[{"role":"user","content":"headers"}]}""");
        anthropic.Headers.Add("x-api-key", fixture.PlainKey);
        anthropic.Headers.Add("anthropic-beta", "prompt-caching-2024-07-31");
        anthropic.Headers.Add("Idempotency-Key", "anthropic-idem-1");
        using var openAI = Wire.Post("v1/chat/completions", """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"headers"}]}""");
        openAI.Headers.Add("Authorization", "Bearer " + fixture.PlainKey);
        openAI.Headers.Add("OpenAI-Beta", "assistants=v2");
        openAI.Headers.Add("Idempotency-Key", "openai-idem-1");
        openAI.Headers.Add("x-tollgate-feature", "headers-test");

        using var anthropicResponse = await fixture.Gateway.Http.SendAsync(anthropic);
        using var openAIResponse = await fixture.Gateway.Http.SendAsync(openAI);
        var anthropicUpstream = await fixture.Simulator.WaitForRequestAsync(Wire.Header(anthropicResponse, "x-tollgate-request-id"));
        var openAIUpstream = await fixture.Simulator.WaitForRequestAsync(Wire.Header(openAIResponse, "x-tollgate-request-id"));

        Assert.Equal(200, (int)anthropicResponse.StatusCode);
        Assert.Equal("2023-06-01", anthropicUpstream.Headers!["anthropic-version"]);
        Assert.Equal("prompt-caching-2024-07-31", anthropicUpstream.Headers["anthropic-beta"]);
        Assert.Equal("anthropic-idem-1", anthropicUpstream.Headers["idempotency-key"]);
        Assert.Equal(new Dictionary<string, string> { ["x-api-key"] = AnthropicProviderKey }, anthropicUpstream.Credentials);
        Assert.Equal(200, (int)openAIResponse.StatusCode);
        Assert.Equal("assistants=v2", openAIUpstream.Headers!["openai-beta"]);
        Assert.Equal("openai-idem-1", openAIUpstream.Headers["idempotency-key"]);
        Assert.Equal(new Dictionary<string, string> { ["authorization"] = "Bearer " + OpenAIProviderKey }, openAIUpstream.Credentials);
        // The gateway's own attribution headers stay at the gateway.
        Assert.DoesNotContain("x-tollgate-feature", HeaderNames(openAIUpstream));
        AssertNoVirtualKey(anthropicUpstream);
        AssertNoVirtualKey(openAIUpstream);
    }

    [Fact]
    public async Task An_azure_openai_provider_gets_the_key_in_the_api_key_header()
    {
        // The gateway reaches "*.openai.azure.com" through an HTTP proxy that is the simulator itself, so no name is
        // resolved and nothing leaves the machine; the simulator answers the proxied request like any other.
        var environment = new Dictionary<string, string?>
        {
            ["OPENAI_BASE_URL"] = "http://tollgate-test.openai.azure.com/v1?api-version=2024-10-21",
            ["HTTP_PROXY"] = fixture.Simulator.BaseAddress.ToString(),
            ["http_proxy"] = fixture.Simulator.BaseAddress.ToString(),
            ["NO_PROXY"] = null,
            ["no_proxy"] = null,
        };
        await using var gateway = await GatewayServer.StartAsync(fixture.Simulator, new GatewayServerOptions { Environment = environment });

        using var response = await gateway.Http.SendAsync(Wire.Post("v1/chat/completions", """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"azure"}]}"""));
        var upstream = await fixture.Simulator.WaitForRequestAsync(Wire.Header(response, "x-tollgate-request-id"));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("/v1/chat/completions", upstream.Path);
        Assert.Equal(new Dictionary<string, string> { ["api-key"] = OpenAIProviderKey }, upstream.Credentials);
    }

    private void AssertNoVirtualKey(SimulatedRequest upstream)
    {
        Assert.NotNull(upstream.Credentials);
        foreach (var key in new[] { fixture.PlainKey, fixture.AttributedKey })
        {
            var fingerprint = CredentialFingerprint.Of(key);
            Assert.All(upstream.Credentials, credential => Assert.DoesNotContain(fingerprint, credential.Value, StringComparison.Ordinal));
        }
    }

    private static string[] HeaderNames(SimulatedRequest upstream) => upstream.Headers!["names"].Split(',');
}
