using System.Text;
using Tollgate.Testing;
using Tollgate.Testing.Servers;

namespace Tollgate.Gateway.Tests.Relay;

/// <summary>
/// Providers bill the output they generated, also when their final usage never reaches the gateway: the stream was
/// cut, its client left, or the provider does not report usage at all. The row then counts the text the stream
/// carried (content and tool-call arguments, o200k for GPT-4o models, o200k × 1.15 for Claude) and says it is an
/// estimate. Token counts of the golden texts are worked out with the published o200k_base encoding.
/// </summary>
[Collection(GoldenRelayCollection.Name)]
public sealed class StreamOutputEstimateTests(GoldenGatewayFixture fixture)
{
    private const string OpenAIFile = "openai/chat-stream-include-usage.sse";
    private const string AnthropicFile = "anthropic/message-stream-tool-use.sse";
    private const string OpenAIStream = """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Greet everyone in French."}],"stream":true,"stream_options":{"include_usage":true}}""";
    private const string ToolStream = """{"model":"claude-haiku-4-5","max_tokens":1024,"stream":true,"tools":[{"name":"get_weather","input_schema":{"type":"object","properties":{"location":{"type":"string"}}}}],"messages":[{"role":"user","content":"Wie ist das Wetter in Zürich?"}]}""";

    /// <summary>"Bonjour à tous ! 👋", the text of the golden OpenAI stream, in o200k_base.</summary>
    private const long OpenAIText = 6;

    /// <summary>"Ich prüfe das Wetter in Zürich." and {"location": "Zürich"}: 16 o200k tokens, ⌈16 × 1.15⌉ for Claude.</summary>
    private const long AnthropicText = 19;

    [Fact]
    public async Task Stream_cut_before_its_usage_chunk_bills_the_streamed_text_as_estimated_output()
    {
        var cut = UsageChunkOffset();
        var call = await fixture.CallAsync(new GoldenResponse(OpenAIFile) { CutAt = cut }, "v1/chat/completions", OpenAIStream);
        var entry = await fixture.LedgerEntryAsync(call.RequestId);

        RelayAssert.SameBytes([.. GoldenFiles.Read(OpenAIFile)[..cut], .. GoldenFiles.LastEvent("relayed/openai-chat-stream-cut.sse")], call.Body);
        Assert.Equal("upstream_stream_cut", entry.ErrorType);
        Assert.Equal("stream ended before its final event; usage estimated from the prompt and the streamed text; the provider reported none", entry.Warning);
        Assert.True(entry.InputTokens > 0, "the prompt is counted");
        Assert.Equal(OpenAIText, entry.OutputTokens);
        Assert.Equal(PriceGpt4oMini(entry.InputTokens, OpenAIText), entry.CostUsd);
    }

    [Fact]
    public async Task Stream_from_a_provider_that_reports_no_usage_bills_the_streamed_text()
    {
        // An OpenAI-compatible server that ignores stream_options: the stream ends with [DONE] and no usage chunk.
        var file = "relayed/openai-chat-stream-without-usage.sse";
        var call = await fixture.CallAsync(new GoldenResponse(file), "v1/chat/completions", OpenAIStream);
        var entry = await fixture.LedgerEntryAsync(call.RequestId);

        Assert.True(call.EndedCleanly);
        Assert.Null(entry.ErrorType);
        Assert.Equal("usage estimated from the prompt and the streamed text; the provider reported none", entry.Warning);
        Assert.Equal(OpenAIText, entry.OutputTokens);
        Assert.Equal(PriceGpt4oMini(entry.InputTokens, OpenAIText), entry.CostUsd);
        RelayAssert.SameBytes(CostComments.Insert(GoldenFiles.Read(file), entry.CostUsd), call.Body);
    }

    [Fact]
    public async Task Client_that_leaves_an_openai_stream_before_its_usage_leaves_a_row_billing_the_text_streamed_so_far()
    {
        var hold = UsageChunkOffset();
        var requestId = await ReadThenLeaveAsync(OpenAIFile, hold, "v1/chat/completions", OpenAIStream);
        var entry = await GatewayCalls.SettledEntryAsync(fixture.Http, requestId);

        Assert.Equal(499, entry.Status);
        Assert.Equal("client_closed", entry.ErrorType);
        Assert.Equal("usage estimated from the prompt and the streamed text; the provider reported none", entry.Warning);
        Assert.Equal(OpenAIText, entry.OutputTokens);
        Assert.Equal(PriceGpt4oMini(entry.InputTokens, OpenAIText), entry.CostUsd);
    }

    [Fact]
    public async Task Client_that_leaves_an_anthropic_stream_before_message_delta_leaves_a_row_billing_the_text_streamed_so_far()
    {
        var hold = GoldenFiles.OffsetOf(AnthropicFile, "event: message_delta");
        var requestId = await ReadThenLeaveAsync(AnthropicFile, hold, "v1/messages", ToolStream);
        var entry = await GatewayCalls.SettledEntryAsync(fixture.Http, requestId);

        // claude-haiku-4-5, the prompt as message_start reported it: 22 × 1 + 4,608 × 0.10 + 1,310 × 1.25 + 19 × 5 = 2,215.3 per million.
        Assert.Equal(499, entry.Status);
        Assert.Equal("client_closed", entry.ErrorType);
        Assert.Equal("output estimated from the streamed text; the provider reported no final usage", entry.Warning);
        Assert.Equal(5940, entry.InputTokens);
        Assert.Equal(AnthropicText, entry.OutputTokens);
        Assert.Equal(0.0022153m, entry.CostUsd);
    }

    /// <summary>gpt-4o-mini at $0.15/M input, $0.60/M output.</summary>
    private static decimal PriceGpt4oMini(long input, long output) => (input * 0.15m + output * 0.60m) / 1_000_000m;

    /// <summary>Where the golden OpenAI stream's usage chunk (the one with empty choices) begins.</summary>
    private static int UsageChunkOffset()
    {
        var text = GoldenFiles.ReadText(OpenAIFile);
        var start = text.LastIndexOf("data: ", text.IndexOf("\"choices\":[]", StringComparison.Ordinal), StringComparison.Ordinal);
        return Encoding.UTF8.GetByteCount(text.AsSpan(0, start));
    }

    /// <summary>Has the upstream pause after <paramref name="hold"/> bytes, reads them all through the gateway, then hangs up.</summary>
    private async Task<string> ReadThenLeaveAsync(string file, int hold, string path, string json)
    {
        var delivery = new GoldenDelivery { HoldAt = hold };
        fixture.Upstream.Serve(new GoldenResponse(file), delivery);
        using var response = await GatewayCalls.SendAsync(fixture.Http, path, json);
        var requestId = GatewayCalls.Headers(response)["x-tollgate-request-id"];
        var received = new byte[hold];
        await (await response.Content.ReadAsStreamAsync()).ReadExactlyAsync(received);
        RelayAssert.SameBytes(GoldenFiles.Read(file)[..hold], received);
        return requestId; // disposing the response leaves while the provider is still working on the answer
    }
}
