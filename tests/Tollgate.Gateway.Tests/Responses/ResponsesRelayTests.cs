using System.Globalization;
using Tollgate.Gateway.Tests.Relay;
using Tollgate.Testing;
using Tollgate.Testing.Servers;

namespace Tollgate.Gateway.Tests.Responses;

/// <summary>
/// <c>POST /v1/responses</c> through the real gateway, against golden provider bytes: what the client receives (the
/// provider's body and events untouched, unknown ones included) and the ledger row, priced from the Responses API's own
/// usage. Costs are worked out by hand from the list prices in src/Tollgate.Core/Pricing/pricing.json.
/// </summary>
[Collection(GoldenRelayCollection.Name)]
public sealed class ResponsesRelayTests(GoldenGatewayFixture fixture)
{
    private const string Path = "v1/responses";
    private const string Plain = """{"model":"gpt-5-mini","input":"Was ist die Antwort?","reasoning":{"effort":"low"}}""";
    private const string Streamed = """{"model":"gpt-5-mini","input":"Was ist die Antwort?","stream":true}""";
    private const string ToolStream = """{"model":"gpt-4.1","instructions":"You are a weather assistant.","input":[{"role":"user","content":"Wie ist das Wetter in São Paulo?"}],"tools":[{"type":"function","name":"get_weather","parameters":{"type":"object","properties":{"location":{"type":"string"}},"required":["location"]}}],"stream":true}""";

    /// <summary>gpt-5-mini: (1,536 − 1,280) × 0.25 + 1,280 cached × 0.025 + 644 × 2 = 64 + 32 + 1,288 = 1,384 per million.</summary>
    private const decimal GoldenResponseCost = 0.001384m;

    /// <summary>gpt-4.1: (2,310 − 2,048) × 2 + 2,048 cached × 0.50 + 18 × 8 = 524 + 1,024 + 144 = 1,692 per million.</summary>
    private const decimal FunctionCallCost = 0.001692m;

    [Fact]
    public async Task Response_reaches_the_client_byte_for_byte()
    {
        var call = await fixture.CallAsync(new GoldenResponse("responses/response.json"), Path, Plain);

        Assert.Equal(200, call.Status);
        Assert.Equal("application/json", call.Header("Content-Type"));
        RelayAssert.SameBytes(GoldenFiles.Read("responses/response.json"), call.Body);
    }

    [Fact]
    public async Task Response_row_prices_cached_input_tokens_at_the_cached_price_and_the_headers_say_so()
    {
        var call = await fixture.CallAsync(new GoldenResponse("responses/response.json"), Path, Plain);
        var entry = await fixture.LedgerEntryAsync(call.RequestId);

        Assert.Equal("/v1/responses", entry.Endpoint);
        Assert.Equal("openai", entry.Provider);
        Assert.Equal("gpt-5-mini", entry.RequestedModel);
        Assert.Equal("gpt-5-mini-2025-08-07", entry.ServedModel);
        Assert.Equal(1536, entry.InputTokens);
        Assert.Equal(1280, entry.CachedInputTokens);
        Assert.Equal(0, entry.CacheWriteTokens);
        Assert.Equal(644, entry.OutputTokens); // reasoning tokens included, as billed
        Assert.Equal(GoldenResponseCost, entry.CostUsd);
        Assert.Equal(200, entry.Status);
        Assert.Null(entry.ErrorType);
        Assert.Null(entry.Warning);
        Assert.Equal(GoldenResponseCost, decimal.Parse(call.Header("x-tollgate-cost-usd")!, CultureInfo.InvariantCulture));
        Assert.Equal("gpt-5-mini-2025-08-07", call.Header("x-tollgate-model"));
        Assert.StartsWith("req_", call.RequestId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Function_call_response_reaches_the_client_byte_for_byte_and_is_billed()
    {
        var body = """{"model":"gpt-4.1","input":"Wie ist das Wetter in São Paulo?","tools":[{"type":"function","name":"get_weather","parameters":{"type":"object","properties":{"location":{"type":"string"}}}}]}""";
        var call = await fixture.CallAsync(new GoldenResponse("responses/response-function-call.json"), Path, body);
        var entry = await fixture.LedgerEntryAsync(call.RequestId);

        RelayAssert.SameBytes(GoldenFiles.Read("responses/response-function-call.json"), call.Body);
        Assert.Equal(body, fixture.Upstream.ReceivedFor(call.RequestId)?.Body);
        Assert.Equal(2310, entry.InputTokens);
        Assert.Equal(2048, entry.CachedInputTokens);
        Assert.Equal(18, entry.OutputTokens);
        Assert.Equal(FunctionCallCost, entry.CostUsd);
    }

    [Fact]
    public async Task Stream_reaches_the_client_event_by_event_with_the_cost_just_ahead_of_response_completed()
    {
        var call = await fixture.CallAsync(new GoldenResponse("responses/response-stream.sse"), Path, Streamed);
        var entry = await fixture.LedgerEntryAsync(call.RequestId);

        Assert.Equal(200, call.Status);
        Assert.Equal("text/event-stream; charset=utf-8", call.Header("Content-Type"));
        Assert.True(call.EndedCleanly);
        RelayAssert.SameBytes(ResponsesStreams.WithCostComment(GoldenFiles.Read("responses/response-stream.sse"), GoldenResponseCost), call.Body);
        Assert.True(entry.Stream);
        Assert.Equal(1536, entry.InputTokens);
        Assert.Equal(1280, entry.CachedInputTokens);
        Assert.Equal(644, entry.OutputTokens);
        Assert.Equal(GoldenResponseCost, entry.CostUsd);
        Assert.Null(entry.ErrorType);
        Assert.Null(entry.Warning);
    }

    [Fact]
    public async Task Function_call_stream_passes_every_argument_fragment_and_an_unknown_event_untouched()
    {
        var file = "responses/response-stream-function-call.sse";
        var call = await fixture.CallAsync(new GoldenResponse(file), Path, ToolStream);
        var entry = await fixture.LedgerEntryAsync(call.RequestId);

        Assert.Contains("event: response.tollgate_golden_unknown", GoldenFiles.ReadText(file), StringComparison.Ordinal);
        RelayAssert.SameBytes(ResponsesStreams.WithCostComment(GoldenFiles.Read(file), FunctionCallCost), call.Body);
        Assert.Equal("gpt-4.1-2025-04-14", entry.ServedModel);
        Assert.Equal(2310, entry.InputTokens);
        Assert.Equal(18, entry.OutputTokens);
        Assert.Equal(FunctionCallCost, entry.CostUsd);
    }

    [Fact]
    public async Task Incomplete_stream_is_billed_from_its_terminal_event_and_is_no_error()
    {
        var file = "responses/response-stream-incomplete.sse";
        var call = await fixture.CallAsync(new GoldenResponse(file), Path, """{"model":"gpt-5-mini","input":"Was ist die Antwort?","max_output_tokens":16,"stream":true}""");
        var entry = await fixture.LedgerEntryAsync(call.RequestId);

        // (1,536 − 1,280) × 0.25 + 1,280 × 0.025 + 16 × 2 = 64 + 32 + 32 = 128 per million.
        RelayAssert.SameBytes(ResponsesStreams.WithCostComment(GoldenFiles.Read(file), 0.000128m), call.Body);
        Assert.Equal(16, entry.OutputTokens);
        Assert.Equal(0.000128m, entry.CostUsd);
        Assert.Null(entry.ErrorType);
        Assert.Null(entry.Warning);
    }

    [Fact]
    public async Task Failed_stream_reaches_the_client_and_names_the_row_error()
    {
        var file = "responses/response-stream-failed.sse";
        var call = await fixture.CallAsync(new GoldenResponse(file), Path, Streamed);
        var entry = await fixture.LedgerEntryAsync(call.RequestId);

        // response.failed reports no usage: the prompt is estimated, as for any call the provider may have billed.
        RelayAssert.SameBytes(ResponsesStreams.WithCostComment(GoldenFiles.Read(file), entry.CostUsd), call.Body);
        Assert.Equal("server_error", entry.ErrorType);
        Assert.Equal(0, entry.OutputTokens);
        Assert.True(entry.InputTokens > 0, "the prompt is counted");
        Assert.Equal("usage estimated from the prompt; the provider reported none", entry.Warning);
    }

    [Theory]
    [InlineData("openai/error-400-invalid-request.json", 400, "invalid_type", false)]
    [InlineData("responses/error-404-not-found.json", 404, "invalid_request_error", false)]
    [InlineData("openai/error-429-rate-limit.json", 429, "rate_limit_exceeded", false)]
    [InlineData("openai/error-429-rate-limit.json", 429, "rate_limit_exceeded", true)]
    public async Task Provider_error_comes_back_unchanged_with_its_headers_and_bills_nothing(string file, int status, string errorType, bool stream)
    {
        var golden = new GoldenResponse(file, status)
        {
            Headers = new Dictionary<string, string> { ["retry-after"] = "7", ["x-request-id"] = "req_5e0c9b8a7f6d4e3c2b1a0f9e8d7c6b5a" },
        };
        var call = await fixture.CallAsync(golden, Path, stream ? Streamed : Plain);
        var entry = await fixture.LedgerEntryAsync(call.RequestId);

        Assert.Equal(status, call.Status);
        Assert.Equal("7", call.Header("retry-after"));
        Assert.Equal("req_5e0c9b8a7f6d4e3c2b1a0f9e8d7c6b5a", call.Header("x-request-id"));
        RelayAssert.SameBytes(GoldenFiles.Read(file), call.Body);
        Assert.Equal(status, entry.Status);
        Assert.Equal(errorType, entry.ErrorType);
        Assert.Equal(0m, entry.CostUsd);
        Assert.Equal("0", call.Header("x-tollgate-cost-usd"));
    }
}
