using Tollgate.Testing;
using Tollgate.Testing.Servers;

namespace Tollgate.Gateway.Tests.Relay;

/// <summary>
/// OpenAI Chat Completions through the real gateway, against golden provider bytes: what the client receives, and
/// the ledger row. Costs are worked out by hand from the list prices in src/Tollgate.Core/Pricing/pricing.json.
/// </summary>
[Collection(GoldenRelayCollection.Name)]
public sealed class OpenAIRelayTests(GoldenGatewayFixture fixture)
{
    private const string Path = "v1/chat/completions";
    private const string Completion = """{"model":"o4-mini","messages":[{"role":"user","content":"What is the invoice total?"}]}""";
    private const string StreamAskingForUsage = """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Greet everyone in French."}],"stream":true,"stream_options":{"include_usage":true}}""";
    private const string StreamNotAskingForUsage = """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Greet everyone in French."}],"stream":true}""";
    private const string ToolStreamNotAskingForUsage = """{"model":"gpt-4.1","messages":[{"role":"user","content":"Weather in São Paulo?"}],"tools":[{"type":"function","function":{"name":"get_current_weather","parameters":{"type":"object","properties":{"location":{"type":"string"},"unit":{"type":"string"}}}}}],"stream":true}""";

    [Fact]
    public async Task Completion_reaches_the_client_byte_for_byte()
    {
        var call = await fixture.CallAsync(new GoldenResponse("openai/chat-completion.json"), Path, Completion);

        Assert.Equal(200, call.Status);
        Assert.Equal("application/json", call.Header("Content-Type"));
        RelayAssert.SameBytes(GoldenFiles.Read("openai/chat-completion.json"), call.Body);
    }

    [Fact]
    public async Task Completion_row_has_the_provider_usage_and_the_list_price_of_the_served_model()
    {
        var call = await fixture.CallAsync(new GoldenResponse("openai/chat-completion.json"), Path, Completion);
        var entry = await fixture.LedgerEntryAsync(call.RequestId);

        // o4-mini: $1.10/M input, $0.275/M cached input, $4.40/M output.
        // (2,006 − 1,920) × 1.10 + 1,920 × 0.275 + 517 × 4.40 = 94.6 + 528 + 2,274.8 = 2,897.4 per million = $0.0028974
        Assert.Equal("o4-mini", entry.RequestedModel);
        Assert.Equal("o4-mini-2025-04-16", entry.ServedModel);
        Assert.Equal(2006, entry.InputTokens);
        Assert.Equal(1920, entry.CachedInputTokens);
        Assert.Equal(0, entry.CacheWriteTokens);
        Assert.Equal(517, entry.OutputTokens);
        Assert.Equal(0.0028974m, entry.CostUsd);
        Assert.Equal(0.0028974m, decimal.Parse(call.Header("x-tollgate-cost-usd")!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(200, entry.Status);
        Assert.Null(entry.ErrorType);
    }

    [Fact]
    public async Task Completion_row_counts_the_prompt_tokens_written_to_the_cache()
    {
        var call = await fixture.CallAsync(new GoldenResponse("openai/chat-completion-cache-write.json"), Path, """{"model":"gpt-5.1","messages":[{"role":"user","content":"Summarise section 4."}]}""");
        var entry = await fixture.LedgerEntryAsync(call.RequestId);

        // gpt-5.1: $1.25/M input, $10/M output; OpenAI bills cache writes as plain input (no write price of its own).
        // (3,200 − 2,944) × 1.25 + 2,944 written × 1.25 + 150 × 10 = 320 + 3,680 + 1,500 = 5,500 per million = $0.0055
        RelayAssert.SameBytes(GoldenFiles.Read("openai/chat-completion-cache-write.json"), call.Body);
        Assert.Equal(3200, entry.InputTokens);
        Assert.Equal(0, entry.CachedInputTokens);
        Assert.Equal(2944, entry.CacheWriteTokens);
        Assert.Equal(150, entry.OutputTokens);
        Assert.Equal(0.0055m, entry.CostUsd);
    }

    [Fact]
    public async Task Stream_that_asked_for_usage_reaches_the_client_byte_for_byte()
    {
        var call = await fixture.CallAsync(new GoldenResponse("openai/chat-stream-include-usage.sse"), Path, StreamAskingForUsage);

        Assert.Equal(200, call.Status);
        Assert.Equal("text/event-stream; charset=utf-8", call.Header("Content-Type"));
        Assert.True(call.EndedCleanly);
        RelayAssert.SameBytes(CostComments.Insert(GoldenFiles.Read("openai/chat-stream-include-usage.sse"), 0.0001035m), call.Body);
    }

    [Fact]
    public async Task Stream_that_did_not_ask_for_usage_gets_it_asked_upstream_and_loses_only_what_that_added()
    {
        var call = await fixture.CallAsync(new GoldenResponse("openai/chat-stream-include-usage.sse"), Path, StreamNotAskingForUsage);

        // Upstream: the client's body with include_usage added. Client: no "usage":null fields, no usage chunk.
        Assert.Equal(
            """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Greet everyone in French."}],"stream":true,"stream_options":{"include_usage":true}}""",
            fixture.Upstream.ReceivedFor(call.RequestId)?.Body);
        Assert.True(call.EndedCleanly);
        RelayAssert.SameBytes(CostComments.Insert(GoldenFiles.Read("relayed/openai-chat-stream-without-usage.sse"), 0.0001035m), call.Body);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Stream_row_has_the_usage_of_the_final_chunk_whether_or_not_the_client_asked_for_it(bool clientAsked)
    {
        var call = await fixture.CallAsync(new GoldenResponse("openai/chat-stream-include-usage.sse"), Path, clientAsked ? StreamAskingForUsage : StreamNotAskingForUsage);
        var entry = await fixture.LedgerEntryAsync(call.RequestId);

        // gpt-4o-mini: $0.15/M input, $0.075/M cached input, $0.60/M output.
        // (1,230 − 1,152) × 0.15 + 1,152 × 0.075 + 9 × 0.60 = 11.7 + 86.4 + 5.4 = 103.5 per million = $0.0001035
        Assert.True(entry.Stream);
        Assert.Equal("gpt-4o-mini-2024-07-18", entry.ServedModel);
        Assert.Equal(1230, entry.InputTokens);
        Assert.Equal(1152, entry.CachedInputTokens);
        Assert.Equal(9, entry.OutputTokens);
        Assert.Equal(0.0001035m, entry.CostUsd);
        Assert.Equal(200, entry.Status);
        Assert.Null(entry.ErrorType);
    }

    [Fact]
    public async Task Tool_call_stream_reaches_the_client_with_every_argument_fragment_and_is_billed()
    {
        var call = await fixture.CallAsync(new GoldenResponse("openai/chat-stream-tool-calls.sse"), Path, ToolStreamNotAskingForUsage);
        var entry = await fixture.LedgerEntryAsync(call.RequestId);

        // gpt-4.1: $2/M input, $8/M output. 83 × 2 + 18 × 8 = 166 + 144 = 310 per million = $0.00031
        RelayAssert.SameBytes(CostComments.Insert(GoldenFiles.Read("relayed/openai-chat-stream-tool-calls-without-usage.sse"), 0.00031m), call.Body);
        Assert.Equal("gpt-4.1-2025-04-14", entry.ServedModel);
        Assert.Equal(83, entry.InputTokens);
        Assert.Equal(18, entry.OutputTokens);
        Assert.Equal(0.00031m, entry.CostUsd);
    }

    [Theory]
    [InlineData("openai/error-401-invalid-api-key.json", 401, "invalid_api_key", false)]
    [InlineData("openai/error-429-rate-limit.json", 429, "rate_limit_exceeded", false)]
    [InlineData("openai/error-429-rate-limit.json", 429, "rate_limit_exceeded", true)]
    [InlineData("openai/error-400-invalid-request.json", 400, "invalid_type", false)]
    [InlineData("openai/error-400-invalid-request.json", 400, "invalid_type", true)]
    public async Task Provider_error_comes_back_unchanged_and_is_recorded_by_its_code(string file, int status, string errorType, bool stream)
    {
        var golden = new GoldenResponse(file, status)
        {
            Headers = new Dictionary<string, string> { ["x-request-id"] = "req_7c1f0a9e2b5d4c3a8f6e1d0b9a7c5e3f", ["x-ratelimit-remaining-requests"] = "0" },
        };
        var call = await fixture.CallAsync(golden, Path, stream ? StreamAskingForUsage : Completion);
        var entry = await fixture.LedgerEntryAsync(call.RequestId);

        Assert.Equal(status, call.Status);
        Assert.Equal("application/json", call.Header("Content-Type"));
        Assert.Equal("req_7c1f0a9e2b5d4c3a8f6e1d0b9a7c5e3f", call.Header("x-request-id"));
        Assert.Equal("0", call.Header("x-ratelimit-remaining-requests"));
        RelayAssert.SameBytes(GoldenFiles.Read(file), call.Body);
        Assert.Equal(status, entry.Status);
        Assert.Equal(errorType, entry.ErrorType);
        Assert.Equal(0m, entry.CostUsd); // an error status bills nothing
    }

    [Fact]
    public async Task Error_chunk_in_a_stream_reaches_the_client_and_names_the_row_error()
    {
        var call = await fixture.CallAsync(new GoldenResponse("openai/chat-stream-error.sse"), Path, StreamAskingForUsage);
        var entry = await fixture.LedgerEntryAsync(call.RequestId);

        Assert.Equal(200, call.Status);
        RelayAssert.SameBytes(GoldenFiles.Read("openai/chat-stream-error.sse"), call.Body);
        Assert.Equal("gpt-4o-2024-08-06", entry.ServedModel);
        Assert.Equal("server_error", entry.ErrorType);
        Assert.Equal(2, entry.OutputTokens); // no usage chunk came: the prompt is estimated, the output is "Once upon" in o200k
        Assert.Equal("stream ended before its final event; usage estimated from the prompt and the streamed text; the provider reported none", entry.Warning);
    }

    [Fact]
    public async Task Stream_cut_before_done_ends_with_an_error_chunk_and_keeps_the_usage_it_carried()
    {
        var cut = GoldenFiles.OffsetOf("openai/chat-stream-include-usage.sse", "data: [DONE]");
        var call = await fixture.CallAsync(new GoldenResponse("openai/chat-stream-include-usage.sse") { CutAt = cut }, Path, StreamAskingForUsage);
        var entry = await fixture.LedgerEntryAsync(call.RequestId);

        // The usage chunk arrived before the cut: (1,230 − 1,152) × 0.15 + 1,152 × 0.075 + 9 × 0.60 = 103.5 per million.
        // The chunks, then OpenAI's error chunk (no [DONE]), then the connection is reset: an SDK that reads error
        // chunks raises an API error, one that skips them (the .NET SDK) an IOException; none takes it for a whole answer.
        Assert.False(call.EndedCleanly);
        RelayAssert.SameBytes(GoldenFiles.Read("relayed/openai-chat-stream-cut.sse"), call.Body);
        Assert.Equal("upstream_stream_cut", entry.ErrorType);
        Assert.Equal(1230, entry.InputTokens);
        Assert.Equal(1152, entry.CachedInputTokens);
        Assert.Equal(9, entry.OutputTokens);
        Assert.Equal(0.0001035m, entry.CostUsd);
    }

    [Fact]
    public async Task Stream_broken_mid_event_ends_with_an_error_chunk_after_the_last_whole_chunk_and_is_recorded_as_cut()
    {
        var file = "openai/chat-stream-include-usage.sse";
        var cut = GoldenFiles.OffsetOf(file, "tous !"); // inside the fourth chunk
        var call = await fixture.CallAsync(new GoldenResponse(file) { CutAt = cut, AbortAtCut = true }, Path, StreamAskingForUsage);
        var entry = await fixture.LedgerEntryAsync(call.RequestId);

        // Whole chunks only (how many the provider's reset let through), then the error chunk, then the reset.
        var error = GoldenFiles.LastEvent("relayed/openai-chat-stream-cut.sse");
        Assert.False(call.EndedCleanly);
        Assert.True(call.Body.AsSpan().EndsWith(error), "the stream ends with the error chunk");
        var chunks = call.Body[..^error.Length];
        Assert.True(chunks.Length <= cut && chunks.AsSpan().EndsWith("\n\n"u8));
        RelayAssert.SameBytes(GoldenFiles.Read(file)[..chunks.Length], chunks);
        Assert.Equal("upstream_stream_cut", entry.ErrorType);
        Assert.Equal("gpt-4o-mini-2024-07-18", entry.ServedModel);
        Assert.Equal(2, entry.OutputTokens); // "Bonjour à", the text of the chunks that arrived whole, in o200k
    }
}
