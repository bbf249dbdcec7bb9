using Tollgate.Testing;
using Tollgate.Testing.Servers;

namespace Tollgate.Gateway.Tests.Relay;

/// <summary>
/// The ledger row of an upstream call is durable before the response's last byte: pending while the provider
/// works, settled by the time a stream's final event (<c>data: [DONE]</c>, <c>message_stop</c>) reaches the client.
/// The upstream keeps its connection open after the final event, so only a row committed before that event can be
/// read the moment the client has it; the rows are read at once, never waited for. The cost comment just ahead of the
/// final event carries the committed row's cost.
/// </summary>
[Collection(GoldenRelayCollection.Name)]
public sealed class SettleBeforeFinalEventTests(GoldenGatewayFixture fixture)
{
    private const string StreamAskingForUsage = """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Greet everyone in French."}],"stream":true,"stream_options":{"include_usage":true}}""";
    private const string StreamNotAskingForUsage = """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Greet everyone in French."}],"stream":true}""";
    private const string ToolStream = """{"model":"claude-haiku-4-5","max_tokens":1024,"stream":true,"tools":[{"name":"get_weather","input_schema":{"type":"object","properties":{"location":{"type":"string"}}}}],"messages":[{"role":"user","content":"Wie ist das Wetter in Zürich?"}]}""";

    [Theory]
    // gpt-4o-mini: (1,230 − 1,152) × 0.15 + 1,152 × 0.075 + 9 × 0.60 = 103.5 per million.
    [InlineData("openai/chat-stream-include-usage.sse", "v1/chat/completions", StreamAskingForUsage, "openai/chat-stream-include-usage.sse", 1230, 9, "0.0001035")]
    [InlineData("openai/chat-stream-include-usage.sse", "v1/chat/completions", StreamNotAskingForUsage, "relayed/openai-chat-stream-without-usage.sse", 1230, 9, "0.0001035")]
    // claude-haiku-4-5: 22 × 1 + 4,608 × 0.10 + 1,310 × 1.25 + 87 × 5 = 2,555.3 per million.
    [InlineData("anthropic/message-stream-tool-use.sse", "v1/messages", ToolStream, "anthropic/message-stream-tool-use.sse", 5940, 87, "0.0025553")]
    public async Task Row_is_settled_when_the_client_receives_the_final_event(string file, string path, string json, string relayed, long inputTokens, long outputTokens, string cost)
    {
        var delivery = new GoldenDelivery { HoldAt = GoldenFiles.Read(file).Length };
        fixture.Upstream.Serve(new GoldenResponse(file), delivery);
        var expected = CostComments.Insert(GoldenFiles.Read(relayed), decimal.Parse(cost, System.Globalization.CultureInfo.InvariantCulture));

        using var response = await GatewayCalls.SendAsync(fixture.Http, path, json);
        var stream = await response.Content.ReadAsStreamAsync();
        var finalEvent = expected[(expected.AsSpan(0, expected.Length - 2).LastIndexOf("\n\n"u8) + 2)..];
        var received = await GatewayCalls.ReadUntilAsync(stream, finalEvent); // up to and including the final event; the response is still open
        var entry = await GatewayCalls.LedgerEntryOrNullAsync(fixture.Http, GatewayCalls.Headers(response)["x-tollgate-request-id"]);

        RelayAssert.SameBytes(expected, received);
        Assert.NotNull(entry);
        Assert.False(entry.IsPending, "The client has the final event but the row is still pending.");
        Assert.Equal(200, entry.Status);
        Assert.Equal(inputTokens, entry.InputTokens);
        Assert.Equal(outputTokens, entry.OutputTokens);
        Assert.Equal(decimal.Parse(cost, System.Globalization.CultureInfo.InvariantCulture), entry.CostUsd);
        delivery.Release();
        Assert.Equal(0, await stream.ReadAsync(new byte[1])); // and then the stream ends cleanly
    }

    [Fact]
    public async Task Row_is_pending_while_the_provider_works_on_the_call()
    {
        var delivery = new GoldenDelivery { HoldBeforeHeaders = true };
        fixture.Upstream.Serve(new GoldenResponse("anthropic/message.json"), delivery);

        var call = GatewayCalls.SendAsync(fixture.Http, "v1/messages", """{"model":"claude-sonnet-4-5","max_tokens":1024,"messages":[{"role":"user","content":"Wann läuft der Vertrag aus?"}]}""");
        var requestId = await delivery.Reached;
        var pending = await GatewayCalls.LedgerEntryOrNullAsync(fixture.Http, requestId);
        delivery.Release();
        using var response = await call;
        var settled = await fixture.LedgerEntryAsync(requestId);

        Assert.NotNull(pending);
        Assert.True(pending.IsPending);
        Assert.Equal("anthropic", pending.Provider);
        Assert.Equal("claude-sonnet-4-5", pending.RequestedModel);
        Assert.Null(pending.CostUsd);
        Assert.Equal(200, (int)response.StatusCode);
        Assert.False(settled.IsPending);
        Assert.Equal(0.01205985m, settled.CostUsd);
    }
}
