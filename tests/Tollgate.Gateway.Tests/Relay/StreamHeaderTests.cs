using Tollgate.Testing.Servers;

namespace Tollgate.Gateway.Tests.Relay;

/// <summary>
/// A stream's response headers go out with its first event: the provider's own headers, and Tollgate's, naming the
/// model the provider says is serving (not the alias the client asked for).
/// </summary>
[Collection(GoldenRelayCollection.Name)]
public sealed class StreamHeaderTests(GoldenGatewayFixture fixture)
{
    [Theory]
    [InlineData("openai/chat-stream-include-usage.sse", "v1/chat/completions", """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Greet everyone in French."}],"stream":true}""", "gpt-4o-mini-2024-07-18")]
    [InlineData("anthropic/message-stream-text.sse", "v1/messages", """{"model":"claude-sonnet-4-5","max_tokens":1024,"stream":true,"messages":[{"role":"user","content":"Hello"}]}""", "claude-sonnet-4-5-20250929")]
    public async Task Stream_headers_carry_the_served_model_the_cache_status_and_the_provider_headers(string file, string path, string json, string servedModel)
    {
        var golden = new GoldenResponse(file) { Headers = new Dictionary<string, string> { ["x-request-id"] = "req_5b0e3c1f9a7d4e2b8c6a4f1e0d9b7c5a" } };
        var call = await fixture.CallAsync(golden, path, json);

        Assert.Equal(200, call.Status);
        Assert.Equal("text/event-stream; charset=utf-8", call.Header("Content-Type"));
        Assert.Equal("req_5b0e3c1f9a7d4e2b8c6a4f1e0d9b7c5a", call.Header("x-request-id"));
        Assert.Equal(servedModel, call.Header("x-tollgate-model"));
        Assert.Equal("bypass", call.Header("x-tollgate-cache")); // no temperature 0: not deterministic, so not cached
    }

    [Fact]
    public async Task Stream_row_records_when_its_first_byte_reached_the_client()
    {
        var call = await fixture.CallAsync(new GoldenResponse("anthropic/message-stream-text.sse"), "v1/messages", """{"model":"claude-sonnet-4-5","max_tokens":1024,"stream":true,"messages":[{"role":"user","content":"Hello"}]}""");
        var entry = await fixture.LedgerEntryAsync(call.RequestId);

        Assert.NotNull(entry.TimeToFirstTokenMs);
    }
}
