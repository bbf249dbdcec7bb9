using Tollgate.Testing;
using Tollgate.Testing.Servers;

namespace Tollgate.Gateway.Tests.Relay;

/// <summary>
/// A provider header whose value holds bytes that are not ASCII reaches the gateway as characters no response header
/// can carry. The answer still reaches the client whole with the provider's other headers; that one header is left out.
/// </summary>
[Collection(GoldenRelayCollection.Name)]
public sealed class UpstreamHeaderValueTests(GoldenGatewayFixture fixture)
{
    private const string Completion = """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"What is the invoice total?"}]}""";
    private const string AnthropicStream = """{"model":"claude-sonnet-4-5","max_tokens":1024,"stream":true,"messages":[{"role":"user","content":"Hello"}]}""";

    private static readonly Dictionary<string, string> UpstreamHeaders = new()
    {
        ["x-request-id"] = "req_5b0e3c1f9a7d4e2b8c6a4f1e0d9b7c5a",
        ["x-provider-region"] = "zürich-1",
    };

    [Theory]
    [InlineData("openai/chat-completion.json", "v1/chat/completions", Completion)]
    [InlineData("anthropic/message-stream-text.sse", "v1/messages", AnthropicStream)]
    public async Task A_provider_header_no_response_header_can_carry_is_left_out_and_the_answer_is_relayed(string file, string path, string json)
    {
        var call = await fixture.CallAsync(new GoldenResponse(file) { Headers = UpstreamHeaders }, path, json);
        var entry = await fixture.LedgerEntryAsync(call.RequestId);

        Assert.Equal(200, call.Status);
        Assert.True(call.EndedCleanly);
        Assert.Equal(AsRelayed(file, entry.CostUsd), call.Body);
        Assert.Equal("req_5b0e3c1f9a7d4e2b8c6a4f1e0d9b7c5a", call.Header("x-request-id"));
        Assert.Null(call.Header("x-provider-region"));
        Assert.Equal(200, entry.Status);
    }

    private static byte[] AsRelayed(string file, decimal? cost) =>
        file.EndsWith(".sse", StringComparison.Ordinal) ? CostComments.Insert(GoldenFiles.Read(file), cost) : GoldenFiles.Read(file);
}
