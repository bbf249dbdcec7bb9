using Tollgate.Testing;
using Tollgate.Testing.Servers;

namespace Tollgate.Gateway.Tests.Relay;

/// <summary>
/// What the provider receives: the client's body byte for byte (the one documented rewrite aside, tested with the
/// streams), with the method and path of the provider's own API.
/// </summary>
[Collection(GoldenRelayCollection.Name)]
public sealed class ProviderRequestTests(GoldenGatewayFixture fixture)
{
    [Theory]
    [InlineData("openai/chat-completion.json", "v1/chat/completions", "/v1/chat/completions", """{ "model": "o4-mini", "messages": [ {"role": "user", "content": "What is the invoice total?"} ], "reasoning_effort": "low", "x-unknown": {"kept": true} }""")]
    [InlineData("openai/chat-stream-include-usage.sse", "v1/chat/completions", "/v1/chat/completions", """{"model": "gpt-4o-mini", "stream": true, "stream_options": { "include_usage": true }, "messages": [{"role": "user", "content": "Greet everyone in French."}]}""")]
    [InlineData("anthropic/message-stream-text.sse", "v1/messages", "/v1/messages", """{"model":"claude-sonnet-4-5","max_tokens":1024,"stream":true,"messages":[{"role":"user","content":"Hello"}], "metadata": {"user_id": "u-42"}}""")]
    public async Task Request_reaches_the_provider_exactly_as_the_client_sent_it(string golden, string path, string upstreamPath, string json)
    {
        var call = await fixture.CallAsync(new GoldenResponse(golden), path, json);
        var received = fixture.Upstream.ReceivedFor(call.RequestId);

        Assert.Equal(200, call.Status);
        Assert.NotNull(received);
        Assert.Equal("POST", received.Method);
        Assert.Equal(upstreamPath, received.Path);
        Assert.Equal(json, received.Body);
    }

    [Fact]
    public async Task Model_list_is_fetched_with_GET_and_reaches_the_client_byte_for_byte()
    {
        fixture.Upstream.Serve(new GoldenResponse("openai/models.json"));
        using var response = await fixture.Http.GetAsync("v1/models");
        var call = await GatewayCalls.ReadAsync(response);
        var received = fixture.Upstream.ReceivedFor(call.RequestId);

        Assert.Equal(200, call.Status);
        RelayAssert.SameBytes(GoldenFiles.Read("openai/models.json"), call.Body);
        Assert.NotNull(received);
        Assert.Equal("GET", received.Method);
        Assert.Equal("/v1/models", received.Path);
        Assert.Equal("", received.Body);
    }
}
