using System.Globalization;
using Tollgate.Testing;
using Tollgate.Testing.Servers;

namespace Tollgate.Gateway.Tests.Relay;

/// <summary>
/// Anthropic Messages through the real gateway, against golden provider bytes: what the client receives, and the
/// ledger row. Costs are worked out by hand from the list prices in src/Tollgate.Core/Pricing/pricing.json.
/// </summary>
[Collection(GoldenRelayCollection.Name)]
public sealed class AnthropicRelayTests(GoldenGatewayFixture fixture)
{
    private const string Path = "v1/messages";
    private const string Message = """{"model":"claude-sonnet-4-5","max_tokens":1024,"messages":[{"role":"user","content":"Wann läuft der Vertrag aus?"}]}""";
    private const string ToolStream = """{"model":"claude-haiku-4-5","max_tokens":1024,"stream":true,"tools":[{"name":"get_weather","input_schema":{"type":"object","properties":{"location":{"type":"string"}}}}],"messages":[{"role":"user","content":"Wie ist das Wetter in Zürich?"}]}""";
    private const string TextStream = """{"model":"claude-sonnet-4-5","max_tokens":1024,"stream":true,"messages":[{"role":"user","content":"Hello"}]}""";
    private const string OpusStream = """{"model":"claude-opus-4-1","max_tokens":1024,"stream":true,"messages":[{"role":"user","content":"Write a report."}]}""";

    [Fact]
    public async Task Message_reaches_the_client_byte_for_byte()
    {
        var call = await fixture.CallAsync(new GoldenResponse("anthropic/message.json"), Path, Message);

        Assert.Equal(200, call.Status);
        Assert.Equal("application/json", call.Header("Content-Type"));
        RelayAssert.SameBytes(GoldenFiles.Read("anthropic/message.json"), call.Body);
    }

    [Fact]
    public async Task Message_row_has_the_provider_cache_usage_and_the_list_price_of_the_served_model()
    {
        var call = await fixture.CallAsync(new GoldenResponse("anthropic/message.json"), Path, Message);
        var entry = await fixture.LedgerEntryAsync(call.RequestId);

        // claude-sonnet-4-5: $3/M input, $0.30/M cache read, $3.75/M 5-minute cache write, $6/M 1-hour cache write,
        // $15/M output. The 2,051 written are 1,539 for five minutes and 512 for an hour:
        // 48 × 3 + 8,192 × 0.30 + 1,539 × 3.75 + 512 × 6 + 41 × 15 = 144 + 2,457.6 + 5,771.25 + 3,072 + 615
        // = 12,059.85 per million = $0.01205985.
        Assert.Equal("claude-sonnet-4-5-20250929", entry.ServedModel);
        Assert.Equal(10_291, entry.InputTokens);
        Assert.Equal(8192, entry.CachedInputTokens);
        Assert.Equal(2051, entry.CacheWriteTokens);
        Assert.Equal(512, entry.CacheWrite1hTokens);
        Assert.Equal(41, entry.OutputTokens);
        Assert.Equal(0.01205985m, entry.CostUsd);
        Assert.Equal(0.01205985m, decimal.Parse(call.Header("x-tollgate-cost-usd")!, CultureInfo.InvariantCulture));
        Assert.Equal(200, entry.Status);
        Assert.Null(entry.ErrorType);
    }

    [Fact]
    public async Task Stream_row_bills_the_one_hour_cache_writes_of_message_start_at_the_one_hour_price()
    {
        var call = await fixture.CallAsync(new GoldenResponse("anthropic/message-stream-cache-1h.sse"), Path, TextStream);
        var entry = await fixture.LedgerEntryAsync(call.RequestId);

        // claude-sonnet-4-5: 36 uncached × $3 + 1,024 five-minute writes × $3.75 + 2,048 one-hour writes × $6 + 12 output × $15
        // = 108 + 3,840 + 12,288 + 180 = 16,416 per million = $0.016416.
        Assert.True(call.EndedCleanly);
        Assert.Equal((3108L, 3072L, 2048L, 12L), (entry.InputTokens, entry.CacheWriteTokens, entry.CacheWrite1hTokens, entry.OutputTokens));
        Assert.Equal(0.016416m, entry.CostUsd);
    }

    [Fact]
    public async Task Tool_use_stream_reaches_the_client_byte_for_byte()
    {
        var call = await fixture.CallAsync(new GoldenResponse("anthropic/message-stream-tool-use.sse"), Path, ToolStream);

        Assert.Equal(200, call.Status);
        Assert.Equal("text/event-stream; charset=utf-8", call.Header("Content-Type"));
        Assert.True(call.EndedCleanly);
        RelayAssert.SameBytes(CostComments.Insert(GoldenFiles.Read("anthropic/message-stream-tool-use.sse"), 0.0025553m), call.Body);
    }

    [Fact]
    public async Task Tool_use_stream_row_has_the_cumulative_usage_of_message_delta()
    {
        var call = await fixture.CallAsync(new GoldenResponse("anthropic/message-stream-tool-use.sse"), Path, ToolStream);
        var entry = await fixture.LedgerEntryAsync(call.RequestId);

        // claude-haiku-4-5: $1/M input, $0.10/M cache read, $1.25/M cache write, $5/M output.
        // 22 × 1 + 4,608 × 0.10 + 1,310 × 1.25 + 87 × 5 = 22 + 460.8 + 1,637.5 + 435 = 2,555.3 per million = $0.0025553
        Assert.True(entry.Stream);
        Assert.Equal("claude-haiku-4-5-20251001", entry.ServedModel);
        Assert.Equal(5940, entry.InputTokens);
        Assert.Equal(4608, entry.CachedInputTokens);
        Assert.Equal(1310, entry.CacheWriteTokens);
        Assert.Equal(87, entry.OutputTokens);
        Assert.Equal(0.0025553m, entry.CostUsd);
        Assert.Null(entry.ErrorType);
    }

    [Fact]
    public async Task Text_stream_reaches_the_client_byte_for_byte_and_bills_the_output_of_message_delta()
    {
        var call = await fixture.CallAsync(new GoldenResponse("anthropic/message-stream-text.sse"), Path, TextStream);
        var entry = await fixture.LedgerEntryAsync(call.RequestId);

        // claude-sonnet-4-5: 25 × 3 + 15 × 15 = 75 + 225 = 300 per million = $0.0003
        RelayAssert.SameBytes(CostComments.Insert(GoldenFiles.Read("anthropic/message-stream-text.sse"), 0.0003m), call.Body);
        Assert.Equal(25, entry.InputTokens);
        Assert.Equal(15, entry.OutputTokens);
        Assert.Equal(0.0003m, entry.CostUsd);
    }

    [Theory]
    [InlineData("anthropic/error-400-invalid-request.json", 400, "invalid_request_error", false)]
    [InlineData("anthropic/error-429-rate-limit.json", 429, "rate_limit_error", false)]
    [InlineData("anthropic/error-529-overloaded.json", 529, "overloaded_error", false)]
    [InlineData("anthropic/error-529-overloaded.json", 529, "overloaded_error", true)]
    public async Task Provider_error_comes_back_unchanged_and_is_recorded_by_its_type(string file, int status, string errorType, bool stream)
    {
        var golden = new GoldenResponse(file, status)
        {
            Headers = new Dictionary<string, string> { ["request-id"] = "req_011CSHqR8t2VmY5kD1wNbX6p", ["retry-after"] = "12" },
        };
        var call = await fixture.CallAsync(golden, Path, stream ? TextStream : Message);
        var entry = await fixture.LedgerEntryAsync(call.RequestId);

        Assert.Equal(status, call.Status);
        Assert.Equal("application/json", call.Header("Content-Type"));
        Assert.Equal("req_011CSHqR8t2VmY5kD1wNbX6p", call.Header("request-id"));
        Assert.Equal("12", call.Header("retry-after"));
        RelayAssert.SameBytes(GoldenFiles.Read(file), call.Body);
        Assert.Equal(status, entry.Status);
        Assert.Equal(errorType, entry.ErrorType);
        Assert.Equal(0m, entry.CostUsd); // an error status bills nothing
    }

    [Fact]
    public async Task Error_event_in_a_stream_reaches_the_client_and_names_the_row_error()
    {
        var call = await fixture.CallAsync(new GoldenResponse("anthropic/message-stream-error.sse"), Path, OpusStream);
        var entry = await fixture.LedgerEntryAsync(call.RequestId);

        // claude-opus-4-1: $15/M input, $75/M output; message_start reported 1,200 in (and a placeholder 1 out) before the
        // error, after which "Working on it" streamed: 3 o200k tokens, ⌈3 × 1.15⌉ = 4 as Claude's approximation.
        // 1,200 × 15 + 4 × 75 = 18,300 per million = $0.0183
        Assert.Equal(200, call.Status);
        RelayAssert.SameBytes(GoldenFiles.Read("anthropic/message-stream-error.sse"), call.Body);
        Assert.Equal("overloaded_error", entry.ErrorType);
        Assert.Equal(1200, entry.InputTokens);
        Assert.Equal(4, entry.OutputTokens);
        Assert.Equal(0.0183m, entry.CostUsd);
    }

    [Fact]
    public async Task Stream_cut_before_message_delta_ends_with_an_error_event_and_bills_the_streamed_text_as_its_output()
    {
        var file = "anthropic/message-stream-tool-use.sse";
        var cut = GoldenFiles.OffsetOf(file, "event: message_delta");
        var call = await fixture.CallAsync(new GoldenResponse(file) { CutAt = cut }, Path, ToolStream);
        var entry = await fixture.LedgerEntryAsync(call.RequestId);

        // The prompt as message_start reported it; the output its placeholder of 1 would understate: the text and tool
        // input streamed, "Ich prüfe das Wetter in Zürich." and {"location": "Zürich"}, are 16 o200k tokens, ⌈16 × 1.15⌉ = 19
        // as Claude's approximation. 22 × 1 + 4,608 × 0.10 + 1,310 × 1.25 + 19 × 5 = 22 + 460.8 + 1,637.5 + 95 = 2,215.3 per million.
        // No final event came, so no cost comment either: the stream ends with Anthropic's error event, as a failed one does.
        Assert.True(call.EndedCleanly);
        RelayAssert.SameBytes(GoldenFiles.Read("relayed/anthropic-message-stream-cut.sse"), call.Body);
        Assert.Equal("upstream_stream_cut", entry.ErrorType);
        Assert.Equal("stream ended before its final event; output estimated from the streamed text; the provider reported no final usage", entry.Warning);
        Assert.Equal(5940, entry.InputTokens);
        Assert.Equal(4608, entry.CachedInputTokens);
        Assert.Equal(1310, entry.CacheWriteTokens);
        Assert.Equal(19, entry.OutputTokens);
        Assert.Equal(0.0022153m, entry.CostUsd);
    }

    [Fact]
    public async Task Stream_broken_mid_event_ends_with_an_error_event_after_the_last_whole_event_and_is_recorded_as_cut()
    {
        var file = "anthropic/message-stream-tool-use.sse";
        var cut = GoldenFiles.OffsetOf(file, "ich\\\"}"); // inside the last input_json_delta, after "Zür"
        var call = await fixture.CallAsync(new GoldenResponse(file) { CutAt = cut, AbortAtCut = true }, Path, ToolStream);
        var entry = await fixture.LedgerEntryAsync(call.RequestId);

        // The half event is dropped (an SSE parser would drop it at the end of a stream); the error event follows.
        Assert.True(call.EndedCleanly);
        RelayAssert.SameBytes(GoldenFiles.Read("relayed/anthropic-message-stream-cut-mid-event.sse"), call.Body);
        Assert.Equal("upstream_stream_cut", entry.ErrorType);
        Assert.Equal(5940, entry.InputTokens);
        Assert.Equal(17, entry.OutputTokens); // "Ich prüfe das Wetter in Zürich." and {"location": "Zür: 14 o200k tokens, ⌈14 × 1.15⌉
    }
}
