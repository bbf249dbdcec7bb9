using System.Globalization;
using Tollgate.Testing.Servers;

namespace Tollgate.Gateway.Tests.Relay;

/// <summary>
/// An upstream that is itself a gateway (another Tollgate, a proxy copying its headers) sends <c>x-tollgate-*</c>
/// headers of its own. None of them reaches the client, on any path: the client reads only this gateway's request
/// id, cache status, model and cost, and no header this gateway did not set.
/// </summary>
[Collection(GoldenRelayCollection.Name)]
public sealed class UpstreamTollgateHeaderTests(GoldenGatewayFixture fixture)
{
    private const string Completion = """{"model":"o4-mini","messages":[{"role":"user","content":"What is the invoice total?"}]}""";
    private const string OpenAIStream = """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Greet everyone in French."}],"stream":true,"stream_options":{"include_usage":true}}""";
    private const string AnthropicStream = """{"model":"claude-sonnet-4-5","max_tokens":1024,"stream":true,"messages":[{"role":"user","content":"Hello"}]}""";

    private static readonly Dictionary<string, string> UpstreamHeaders = new()
    {
        ["x-request-id"] = "req_5b0e3c1f9a7d4e2b8c6a4f1e0d9b7c5a",
        ["x-tollgate-cost-usd"] = "99.5",
        ["x-tollgate-request-id"] = "req_from_the_upstream_gateway",
        ["x-tollgate-cache"] = "hit",
        ["x-tollgate-model"] = "model-named-by-the-upstream",
        ["X-Tollgate-Budget-Remaining-Usd"] = "12.5",
    };

    [Theory]
    [InlineData("openai/chat-stream-include-usage.sse", 200, "v1/chat/completions", OpenAIStream, "gpt-4o-mini-2024-07-18")]
    [InlineData("anthropic/message-stream-text.sse", 200, "v1/messages", AnthropicStream, "claude-sonnet-4-5-20250929")]
    [InlineData("openai/chat-completion.json", 200, "v1/chat/completions", Completion, "o4-mini-2025-04-16")]
    [InlineData("openai/error-429-rate-limit.json", 429, "v1/chat/completions", Completion, "o4-mini")]
    public async Task Upstream_tollgate_headers_never_reach_the_client(string file, int status, string path, string json, string model)
    {
        var call = await fixture.CallAsync(new GoldenResponse(file, status) { Headers = UpstreamHeaders }, path, json);
        var entry = await fixture.LedgerEntryAsync(call.RequestId);

        Assert.Equal(status, call.Status);
        Assert.Equal("req_5b0e3c1f9a7d4e2b8c6a4f1e0d9b7c5a", call.Header("x-request-id")); // the provider's own headers still pass
        Assert.StartsWith("req_", call.RequestId, StringComparison.Ordinal);
        Assert.NotEqual("req_from_the_upstream_gateway", call.RequestId);
        Assert.Equal(entry.RequestId, call.RequestId);
        Assert.Equal("bypass", call.Header("x-tollgate-cache")); // ours, not the upstream's "hit" (no temperature 0: not cached)
        Assert.Equal(model, call.Header("x-tollgate-model"));
        Assert.Null(call.Header("x-tollgate-budget-remaining-usd"));
        if (file.EndsWith(".sse", StringComparison.Ordinal))
        {
            Assert.Null(call.Header("x-tollgate-cost-usd")); // a stream's headers leave before its cost is known
        }
        else
        {
            Assert.Equal(entry.CostUsd, decimal.Parse(call.Header("x-tollgate-cost-usd")!, CultureInfo.InvariantCulture));
        }
    }
}
