using System.Globalization;
using System.Text.Json;
using Tollgate.Core.Tokens;
using Tollgate.Gateway.Tests.Relay;
using Tollgate.Testing;
using Tollgate.Testing.Servers;

namespace Tollgate.Gateway.Tests.Responses;

/// <summary>
/// The Responses API's rows are as durable and as honest as the chat rows: committed before the terminal event reaches
/// the client, a cut stream recorded as cut with its usage estimated (never as complete), a background response and
/// built-in tool calls priced per call.
/// </summary>
[Collection(GoldenRelayCollection.Name)]
public sealed class ResponsesSettlementTests(GoldenGatewayFixture fixture)
{
    private const string Path = "v1/responses";
    private const string StreamFile = "responses/response-stream.sse";
    private const string Streamed = """{"model":"gpt-5-mini","instructions":"Antworte kurz.","input":[{"role":"user","content":[{"type":"input_text","text":"Was ist die Antwort?"}]}],"stream":true}""";

    /// <summary>The text of the golden stream's <c>response.output_text.delta</c> events.</summary>
    private const string StreamedText = "Die Antwort lautet 42 – mehr weiß ich nicht.";

    [Fact]
    public async Task Row_is_settled_when_the_client_receives_response_completed()
    {
        var delivery = new GoldenDelivery { HoldAt = GoldenFiles.Read(StreamFile).Length };
        fixture.Upstream.Serve(new GoldenResponse(StreamFile), delivery);
        var expected = ResponsesStreams.WithCostComment(GoldenFiles.Read(StreamFile), 0.001384m);

        using var response = await GatewayCalls.SendAsync(fixture.Http, Path, Streamed);
        var stream = await response.Content.ReadAsStreamAsync();
        var received = await GatewayCalls.ReadUntilAsync(stream, ResponsesStreams.LastEvent(expected)); // the upstream is still open
        var entry = await GatewayCalls.LedgerEntryOrNullAsync(fixture.Http, GatewayCalls.Headers(response)["x-tollgate-request-id"]);

        RelayAssert.SameBytes(expected, received);
        Assert.NotNull(entry);
        Assert.False(entry.IsPending, "The client has response.completed but the row is still pending.");
        Assert.Equal(1536, entry.InputTokens);
        Assert.Equal(644, entry.OutputTokens);
        Assert.Equal(0.001384m, entry.CostUsd);
        delivery.Release();
        Assert.Equal(0, await stream.ReadAsync(new byte[1]));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Stream_cut_before_its_terminal_event_is_recorded_as_cut_with_usage_estimated_by_tollgate(bool connectionBroken)
    {
        var cut = GoldenFiles.OffsetOf(StreamFile, "event: response.completed");
        var call = await fixture.CallAsync(new GoldenResponse(StreamFile) { CutAt = cut, AbortAtCut = connectionBroken }, Path, Streamed);
        var entry = await fixture.LedgerEntryAsync(call.RequestId);

        // Closed or reset, the provider's stream ends for the client with the Responses API's error event. (A reset can
        // drop the provider's last events before the gateway reads them: the event then follows the last one it read.)
        Assert.True(call.EndedCleanly);
        if (connectionBroken)
        {
            var text = System.Text.Encoding.UTF8.GetString(call.Body);
            var error = text[(text.LastIndexOf("event: error\n", StringComparison.Ordinal))..];
            RelayAssert.SameBytes(GoldenFiles.Read(StreamFile)[..(call.Body.Length - System.Text.Encoding.UTF8.GetByteCount(error))], call.Body[..^System.Text.Encoding.UTF8.GetByteCount(error)]);
            Assert.StartsWith("event: error\ndata: {\"type\":\"error\",\"code\":\"upstream_stream_cut\"", error, StringComparison.Ordinal);
        }
        else
        {
            RelayAssert.SameBytes(GoldenFiles.Read("relayed/responses-stream-cut.sse"), call.Body);
        }

        Assert.Equal("upstream_stream_cut", entry.ErrorType);
        Assert.Contains("usage estimated from the prompt and the streamed text; the provider reported none", entry.Warning, StringComparison.Ordinal);
        Assert.Equal(PromptEstimate(Streamed), entry.InputTokens);
        Assert.Equal(TokenCounter.Shared.CountText("gpt-5-mini", StreamedText), entry.OutputTokens);
        Assert.True(entry.OutputTokens > 0);
        Assert.Equal(0, entry.CachedInputTokens);
        Assert.Equal((entry.InputTokens * 0.25m + entry.OutputTokens * 2m) / 1_000_000m, entry.CostUsd);
    }

    [Fact]
    public async Task Background_response_is_recorded_with_its_cost_unknown_until_it_completes()
    {
        var call = await fixture.CallAsync(new GoldenResponse("responses/response-queued.json"), Path, """{"model":"o3","input":"Prüfe den Vertrag.","background":true}""");
        var entry = await fixture.LedgerEntryAsync(call.RequestId);

        RelayAssert.SameBytes(GoldenFiles.Read("responses/response-queued.json"), call.Body);
        Assert.Equal(200, entry.Status);
        Assert.False(entry.IsPending);
        Assert.Null(entry.CostUsd); // not a zero-cost completed call
        Assert.Equal(0, entry.OutputTokens);
        Assert.Equal("background response: usage is settled when the response completes; cost unknown until then", entry.Warning);
        Assert.Equal("unknown", call.Header("x-tollgate-cost-usd"));
    }

    [Fact]
    public async Task Web_search_call_is_priced_from_the_catalog_on_top_of_the_tokens()
    {
        var call = await fixture.CallAsync(new GoldenResponse("responses/response-web-search.json"), Path, """{"model":"gpt-4o","input":"Wie hoch steht der Rhein in Basel?","tools":[{"type":"web_search"}]}""");
        var entry = await fixture.LedgerEntryAsync(call.RequestId);

        // gpt-4o: 1,804 × 2.50 + 41 × 10 = 4,510 + 410 = 4,920 per million = $0.00492 of tokens, plus one
        // web_search_call at OpenAI's $0.01 per call (tool_calls in pricing.json) = $0.01492.
        RelayAssert.SameBytes(GoldenFiles.Read("responses/response-web-search.json"), call.Body);
        Assert.Equal(0.01492m, entry.CostUsd);
        Assert.Equal(0.01492m, entry.BaselineCostUsd);
        Assert.Equal(0.01492m, decimal.Parse(call.Header("x-tollgate-cost-usd")!, CultureInfo.InvariantCulture));
        Assert.Null(entry.Warning);
    }

    private static long PromptEstimate(string body)
    {
        using var document = JsonDocument.Parse(body);
        return TokenCounter.Shared.EstimateResponsesInput("gpt-5-mini", document.RootElement);
    }
}
