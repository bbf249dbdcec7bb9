using System.Text.Json;
using Tollgate.Testing;
using Tollgate.Testing.Servers;

namespace Tollgate.Gateway.Tests.Relay;

/// <summary>
/// Calls that go wrong between the provider's first byte and its last, or that end without the provider's error
/// vocabulary: each reaches the client as the protocol would have it and leaves a row that says what happened.
/// </summary>
[Collection(GoldenRelayCollection.Name)]
public sealed class ProviderFailureTests(GoldenGatewayFixture fixture)
{
    private const string Completion = """{"model":"o4-mini","messages":[{"role":"user","content":"What is the invoice total?"}]}""";
    private const string StreamingCompletion = """{"model":"gpt-4o-mini","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"Greet everyone in French."}]}""";
    private const string ToolStream = """{"model":"claude-haiku-4-5","max_tokens":1024,"stream":true,"tools":[{"name":"get_weather","input_schema":{"type":"object","properties":{"location":{"type":"string"}}}}],"messages":[{"role":"user","content":"Wie ist das Wetter in Zürich?"}]}""";

    [Fact]
    public async Task Answer_whose_connection_breaks_mid_body_gets_a_502_upstream_unreachable()
    {
        var file = "openai/chat-completion.json";
        var cut = GoldenFiles.OffsetOf(file, "\"usage\""); // the body declares its whole length, then ends here
        var call = await fixture.CallAsync(new GoldenResponse(file) { CutAt = cut }, new GoldenDelivery(), "v1/chat/completions", Completion);
        var entry = await fixture.LedgerEntryAsync(call.RequestId);

        Assert.Equal(502, call.Status);
        var error = JsonDocument.Parse(call.Body).RootElement.GetProperty("error");
        Assert.Equal("The connection to the openai provider failed mid-answer.", error.GetProperty("message").GetString());
        Assert.Equal(502, entry.Status);
        Assert.Equal("upstream_unreachable", entry.ErrorType);
        Assert.Equal("usage estimated from the prompt; the provider reported none", entry.Warning); // it answered 200: it may bill
    }

    [Fact]
    public async Task Stream_whose_connection_breaks_before_its_first_event_gets_a_502_not_an_error_event()
    {
        // Nothing reached the client yet: an error status of its own says it better than a stream that only fails.
        var file = "openai/chat-stream-include-usage.sse";
        var cut = GoldenFiles.OffsetOf(file, "\n\n") / 2; // inside the first chunk
        var call = await fixture.CallAsync(new GoldenResponse(file) { CutAt = cut, AbortAtCut = true }, new GoldenDelivery(), "v1/chat/completions", StreamingCompletion);
        var entry = await fixture.LedgerEntryAsync(call.RequestId);

        Assert.Equal(502, call.Status);
        Assert.Equal("server_error", JsonDocument.Parse(call.Body).RootElement.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal((502, "upstream_unreachable"), (entry.Status, entry.ErrorType));
    }

    [Fact]
    public async Task Error_status_without_an_error_object_is_recorded_by_its_status()
    {
        // An OpenAI-compatible server behind a wrong base URL: its web framework's own 404.
        var file = "openai-compatible/error-404-not-found.json";
        var call = await fixture.CallAsync(new GoldenResponse(file, 404), "v1/chat/completions", Completion);
        var entry = await fixture.LedgerEntryAsync(call.RequestId);

        Assert.Equal(404, call.Status);
        RelayAssert.SameBytes(GoldenFiles.Read(file), call.Body);
        Assert.Equal(404, entry.Status);
        Assert.Equal("http_404", entry.ErrorType);
        Assert.Equal(0m, entry.CostUsd);
    }

    [Fact]
    public async Task Error_chunk_followed_by_done_names_the_row_error()
    {
        // vLLM's OpenAI-compatible server ends a failed stream with its error chunk and then data: [DONE].
        var file = "openai-compatible/chat-stream-error-then-done.sse";
        var call = await fixture.CallAsync(new GoldenResponse(file), "v1/chat/completions", """{"model":"meta-llama/Llama-3.1-8B-Instruct","messages":[{"role":"user","content":"Greet everyone in French."}],"stream":true,"stream_options":{"include_usage":true}}""");
        var entry = await fixture.LedgerEntryAsync(call.RequestId);

        Assert.True(call.EndedCleanly);
        RelayAssert.SameBytes(CostComments.Insert(GoldenFiles.Read(file), entry.CostUsd), call.Body);
        Assert.Equal(200, entry.Status);
        Assert.Equal("BadRequestError", entry.ErrorType);
    }

    [Fact]
    public async Task Error_event_followed_by_a_broken_connection_names_the_row_error()
    {
        var file = "anthropic/message-stream-error.sse";
        var golden = GoldenFiles.Read(file);
        var delivery = new GoldenDelivery { HoldAt = golden.Length };
        fixture.Upstream.Serve(new GoldenResponse(file) { AbortAtCut = true }, delivery);

        using var response = await GatewayCalls.SendAsync(fixture.Http, "v1/messages", """{"model":"claude-opus-4-1","max_tokens":1024,"stream":true,"messages":[{"role":"user","content":"Write a report."}]}""");
        var stream = await response.Content.ReadAsStreamAsync();
        var received = new byte[golden.Length];
        await stream.ReadExactlyAsync(received); // the error event has crossed the gateway; now the connection breaks
        delivery.Release();
        var call = await GatewayCalls.ReadAsync(response);
        var entry = await GatewayCalls.SettledEntryAsync(fixture.Http, call.RequestId);

        RelayAssert.SameBytes(golden, received);
        Assert.False(call.EndedCleanly);
        Assert.Equal("overloaded_error", entry.ErrorType);
        Assert.Equal(1200, entry.InputTokens);
    }

    [Fact]
    public async Task Client_that_leaves_before_the_answer_is_recorded_as_gone_and_counted_as_possibly_billed()
    {
        var delivery = new GoldenDelivery { HoldBeforeHeaders = true };
        fixture.Upstream.Serve(new GoldenResponse("openai/chat-completion.json"), delivery);

        using var leave = new CancellationTokenSource();
        var call = GatewayCalls.SendAsync(fixture.Http, "v1/chat/completions", Completion, leave.Token);
        var requestId = await delivery.Reached;
        await leave.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        var entry = await GatewayCalls.SettledEntryAsync(fixture.Http, requestId);

        Assert.Equal(499, entry.Status);
        Assert.Equal("client_closed", entry.ErrorType);
        Assert.Equal("usage estimated from the prompt; the provider reported none", entry.Warning);
        Assert.True(entry.InputTokens > 0, "The prompt the provider may have processed is counted.");
    }

    [Fact]
    public async Task Client_that_leaves_while_the_answer_is_read_is_recorded_as_gone()
    {
        var file = "openai/chat-completion.json";
        var delivery = new GoldenDelivery { HoldAt = GoldenFiles.OffsetOf(file, "\"usage\"") };
        fixture.Upstream.Serve(new GoldenResponse(file), delivery);

        using var leave = new CancellationTokenSource();
        var call = GatewayCalls.SendAsync(fixture.Http, "v1/chat/completions", Completion, leave.Token);
        var requestId = await delivery.Reached; // the provider's status line and half its body are out
        await leave.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        var entry = await GatewayCalls.SettledEntryAsync(fixture.Http, requestId);

        // Not a timeout, not a broken provider: the client went away, and the provider, which had answered 200, may bill.
        Assert.Equal(499, entry.Status);
        Assert.Equal("client_closed", entry.ErrorType);
        Assert.Equal("usage estimated from the prompt; the provider reported none", entry.Warning);
    }

    [Fact]
    public async Task Client_that_leaves_mid_stream_leaves_a_row_with_the_usage_the_provider_reported_so_far()
    {
        var file = "anthropic/message-stream-tool-use.sse";
        var hold = GoldenFiles.OffsetOf(file, "event: content_block_delta");
        var delivery = new GoldenDelivery { HoldAt = hold };
        fixture.Upstream.Serve(new GoldenResponse(file), delivery);

        string requestId;
        using (var response = await GatewayCalls.SendAsync(fixture.Http, "v1/messages", ToolStream))
        {
            requestId = GatewayCalls.Headers(response)["x-tollgate-request-id"];
            var received = new byte[hold];
            await (await response.Content.ReadAsStreamAsync()).ReadExactlyAsync(received); // message_start has been relayed
        }

        var entry = await GatewayCalls.SettledEntryAsync(fixture.Http, requestId);

        // message_start: 22 × 1 + 4,608 × 0.10 + 1,310 × 1.25 + 1 × 5 = 22 + 460.8 + 1,637.5 + 5 = 2,125.3 per million.
        Assert.Equal(499, entry.Status);
        Assert.Equal("client_closed", entry.ErrorType);
        Assert.Equal(5940, entry.InputTokens);
        Assert.Equal(4608, entry.CachedInputTokens);
        Assert.Equal(1310, entry.CacheWriteTokens);
        Assert.Equal(1, entry.OutputTokens);
        Assert.Equal(0.0021253m, entry.CostUsd);
    }
}
