using System.Text.Json;
using Tollgate.Core.Ledger;
using Tollgate.Testing;
using Tollgate.Testing.Servers;

namespace Tollgate.Gateway.Tests.Relay;

/// <summary>
/// A provider that stops answering: the gateway gives up after its upstream timeout, says so in the protocol's
/// error shape while nothing has been sent yet (else it cuts the stream), and records <c>upstream_timeout</c> in a
/// row that counts the call as one the provider may have billed.
/// </summary>
public sealed class UpstreamTimeoutTests(ImpatientGatewayFixture fixture) : IClassFixture<ImpatientGatewayFixture>
{
    private const string Completion = """{"model":"o4-mini","messages":[{"role":"user","content":"What is the invoice total?"}]}""";
    private const string Stream = """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Greet everyone in French."}],"stream":true,"stream_options":{"include_usage":true}}""";

    [Fact]
    public async Task Provider_that_never_answers_gets_a_504_upstream_timeout_and_is_counted_as_possibly_billed()
    {
        var delivery = new GoldenDelivery { HoldBeforeHeaders = true };
        fixture.Upstream.Serve(new GoldenResponse("openai/chat-completion.json"), delivery);

        using var response = await GatewayCalls.SendAsync(fixture.Http, "v1/chat/completions", Completion);
        var call = await GatewayCalls.ReadAsync(response);
        var entry = await GatewayCalls.LedgerEntryAsync(fixture.Http, call.RequestId);

        Assert.Equal(504, call.Status);
        var error = JsonDocument.Parse(call.Body).RootElement.GetProperty("error");
        Assert.Equal("The openai provider did not answer within 5 s.", error.GetProperty("message").GetString());
        Assert.Equal("server_error", error.GetProperty("type").GetString());
        Assert.Equal(504, entry.Status);
        Assert.Equal("upstream_timeout", entry.ErrorType);
        Assert.Equal("usage estimated from the prompt; the provider reported none", entry.Warning);
        Assert.True(entry.InputTokens > 0, "The prompt the provider may have processed is counted.");
    }

    [Fact]
    public async Task Provider_that_never_answers_is_one_attempt_record_with_no_status_billed_as_estimated()
    {
        var delivery = new GoldenDelivery { HoldBeforeHeaders = true };
        fixture.Upstream.Serve(new GoldenResponse("openai/chat-completion.json"), delivery);

        using var response = await GatewayCalls.SendAsync(fixture.Http, "v1/chat/completions", Completion);
        var call = await GatewayCalls.ReadAsync(response);
        var entry = await GatewayCalls.LedgerEntryAsync(fixture.Http, call.RequestId);

        Assert.Equal(504, call.Status);
        Assert.Equal(1, entry.Attempts);
        Assert.True(entry.CostUsd > 0m, "The prompt the provider may have processed is billed.");
        Assert.Equal(
            [new AttemptRecord { Number = 1, Provider = "openai", Model = "o4-mini", Status = 0, ErrorType = "upstream_timeout", InputTokens = entry.InputTokens, CostUsd = entry.CostUsd }],
            AttemptRecordTests.WithoutLatency(entry.AttemptRecords));
    }

    [Fact]
    public async Task Provider_that_stops_mid_answer_gets_a_504_upstream_timeout()
    {
        var file = "openai/chat-completion.json";
        var delivery = new GoldenDelivery { HoldAt = GoldenFiles.OffsetOf(file, "\"usage\"") };
        fixture.Upstream.Serve(new GoldenResponse(file), delivery);

        using var response = await GatewayCalls.SendAsync(fixture.Http, "v1/chat/completions", Completion);
        var call = await GatewayCalls.ReadAsync(response);
        var entry = await GatewayCalls.LedgerEntryAsync(fixture.Http, call.RequestId);

        Assert.Equal(504, call.Status);
        var error = JsonDocument.Parse(call.Body).RootElement.GetProperty("error");
        Assert.Equal("The openai provider did not finish its answer within 5 s.", error.GetProperty("message").GetString());
        Assert.Equal(504, entry.Status);
        Assert.Equal("upstream_timeout", entry.ErrorType);
        Assert.Equal("usage estimated from the prompt; the provider reported none", entry.Warning);
    }

    [Fact]
    public async Task Provider_that_stops_mid_stream_has_the_stream_end_with_a_timeout_error_chunk_and_the_row_recorded_as_a_timeout()
    {
        var file = "openai/chat-stream-include-usage.sse";
        var delivery = new GoldenDelivery { HoldAt = GoldenFiles.OffsetOf(file, "\n\n") + 2 }; // after the first chunk
        fixture.Upstream.Serve(new GoldenResponse(file), delivery);

        using var response = await GatewayCalls.SendAsync(fixture.Http, "v1/chat/completions", Stream);
        var call = await GatewayCalls.ReadAsync(response);
        var entry = await GatewayCalls.LedgerEntryAsync(fixture.Http, call.RequestId);

        // The first chunk went out before the provider stalled: the stream ends with OpenAI's error chunk, then breaks off.
        var error = System.Text.Encoding.UTF8.GetString(call.Body.AsSpan(delivery.HoldAt!.Value));
        Assert.Equal(200, call.Status);
        Assert.False(call.EndedCleanly);
        RelayAssert.SameBytes(GoldenFiles.Read(file)[..delivery.HoldAt.Value], call.Body[..delivery.HoldAt.Value]);
        Assert.StartsWith("data: {\"error\":", error, StringComparison.Ordinal);
        Assert.EndsWith("\n\n", error, StringComparison.Ordinal);
        var body = JsonDocument.Parse(error["data: ".Length..].Trim()).RootElement.GetProperty("error");
        Assert.Equal(("server_error", "upstream_timeout"), (body.GetProperty("type").GetString(), body.GetProperty("code").GetString()));
        Assert.StartsWith("The provider did not finish the stream in time", body.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(200, entry.Status);
        Assert.Equal("upstream_timeout", entry.ErrorType);
        Assert.Equal("gpt-4o-mini-2024-07-18", entry.ServedModel);
        Assert.Equal("provider did not finish the stream in time; usage may be partial; usage estimated from the prompt; the provider reported none", entry.Warning);
    }

    [Fact]
    public async Task Provider_that_stops_after_streaming_text_has_that_text_billed_as_estimated_output()
    {
        var file = "openai/chat-stream-include-usage.sse";
        var text = GoldenFiles.ReadText(file);
        var usageChunk = text.LastIndexOf("data: ", text.IndexOf("\"choices\":[]", StringComparison.Ordinal), StringComparison.Ordinal);
        var delivery = new GoldenDelivery { HoldAt = System.Text.Encoding.UTF8.GetByteCount(text.AsSpan(0, usageChunk)) }; // every text chunk, no usage
        fixture.Upstream.Serve(new GoldenResponse(file), delivery);

        using var response = await GatewayCalls.SendAsync(fixture.Http, "v1/chat/completions", Stream);
        var call = await GatewayCalls.ReadAsync(response);
        var entry = await GatewayCalls.LedgerEntryAsync(fixture.Http, call.RequestId);

        // "Bonjour à tous ! 👋" is 6 tokens in o200k_base; gpt-4o-mini at $0.15/M input, $0.60/M output.
        Assert.False(call.EndedCleanly);
        Assert.Equal("upstream_timeout", entry.ErrorType);
        Assert.Equal("provider did not finish the stream in time; usage may be partial; usage estimated from the prompt and the streamed text; the provider reported none", entry.Warning);
        Assert.Equal(6, entry.OutputTokens);
        Assert.Equal((entry.InputTokens * 0.15m + 6 * 0.60m) / 1_000_000m, entry.CostUsd);
    }
}
