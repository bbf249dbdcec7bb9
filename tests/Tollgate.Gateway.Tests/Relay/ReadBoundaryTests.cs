using Tollgate.Testing;
using Tollgate.Testing.Servers;

namespace Tollgate.Gateway.Tests.Relay;

/// <summary>
/// The relay's bytes do not depend on how the provider's answer is cut into reads: pieces that end anywhere, a
/// whole stream in one read, an event larger than the relay's first buffer, a body without a declared length, a
/// stream that ends inside an event.
/// </summary>
[Collection(GoldenRelayCollection.Name)]
public sealed class ReadBoundaryTests(GoldenGatewayFixture fixture)
{
    private const string Chat = "v1/chat/completions";
    private const string Messages = "v1/messages";
    private const string StreamAskingForUsage = """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Greet everyone in French."}],"stream":true,"stream_options":{"include_usage":true}}""";
    private const string StreamNotAskingForUsage = """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Greet everyone in French."}],"stream":true}""";
    private const string ToolStream = """{"model":"claude-haiku-4-5","max_tokens":1024,"stream":true,"tools":[{"name":"get_weather","input_schema":{"type":"object","properties":{"location":{"type":"string"}}}}],"messages":[{"role":"user","content":"Wie ist das Wetter in Zürich?"}]}""";

    /// <summary>A piece size that is no divisor of anything in the files: pieces end inside fields, characters and event ends.</summary>
    private const int Odd = 13;

    /// <summary>The whole stream as one piece, so one read holds many events.</summary>
    private const int Whole = int.MaxValue;

    [Theory]
    [InlineData("openai/chat-stream-include-usage.sse", Chat, StreamAskingForUsage, "openai/chat-stream-include-usage.sse", "0.0001035", Odd)]
    [InlineData("openai/chat-stream-include-usage.sse", Chat, StreamNotAskingForUsage, "relayed/openai-chat-stream-without-usage.sse", "0.0001035", Odd)]
    [InlineData("openai/chat-stream-tool-calls.sse", Chat, StreamNotAskingForUsage, "relayed/openai-chat-stream-tool-calls-without-usage.sse", "0.00031", Odd)]
    [InlineData("anthropic/message-stream-tool-use.sse", Messages, ToolStream, "anthropic/message-stream-tool-use.sse", "0.0025553", Odd)]
    [InlineData("openai/chat-stream-include-usage.sse", Chat, StreamAskingForUsage, "openai/chat-stream-include-usage.sse", "0.0001035", Whole)]
    [InlineData("openai/chat-stream-include-usage.sse", Chat, StreamNotAskingForUsage, "relayed/openai-chat-stream-without-usage.sse", "0.0001035", Whole)]
    [InlineData("openai/chat-stream-tool-calls.sse", Chat, StreamNotAskingForUsage, "relayed/openai-chat-stream-tool-calls-without-usage.sse", "0.00031", Whole)]
    [InlineData("anthropic/message-stream-tool-use.sse", Messages, ToolStream, "anthropic/message-stream-tool-use.sse", "0.0025553", Whole)]
    public async Task Stream_reaches_the_client_byte_for_byte_however_the_provider_bytes_are_cut_into_reads(string file, string path, string json, string relayed, string cost, int pieceSize)
    {
        var call = await fixture.CallAsync(new GoldenResponse(file), new GoldenDelivery { PieceSize = pieceSize }, path, json);

        Assert.True(call.EndedCleanly);
        RelayAssert.SameBytes(CostComments.Insert(GoldenFiles.Read(relayed), decimal.Parse(cost, System.Globalization.CultureInfo.InvariantCulture)), call.Body);
    }

    [Fact]
    public async Task Stream_event_larger_than_the_first_read_buffer_reaches_the_client_whole_and_is_billed()
    {
        // The web_search_tool_result block arrives in one content_block_start event of about 21 KB.
        var file = "anthropic/message-stream-web-search.sse";
        var call = await fixture.CallAsync(new GoldenResponse(file), Messages, """{"model":"claude-sonnet-4-5","max_tokens":1024,"stream":true,"tools":[{"type":"web_search_20250305","name":"web_search","max_uses":1}],"messages":[{"role":"user","content":"Wie hoch steht der Rhein bei Kaub?"}]}""");
        var entry = await fixture.LedgerEntryAsync(call.RequestId);

        Assert.True(call.EndedCleanly);
        RelayAssert.SameBytes(CostComments.Insert(GoldenFiles.Read(file), entry.CostUsd), call.Body);
        Assert.Null(entry.ErrorType);
        Assert.Equal(10_682, entry.InputTokens);
        Assert.Equal(164, entry.OutputTokens);
    }

    [Fact]
    public async Task Answer_without_a_declared_length_larger_than_the_first_read_buffer_reaches_the_client_whole_and_is_billed()
    {
        // About 33 KB: 1,536 floats, sent chunked.
        var file = "openai/embeddings.json";
        fixture.Upstream.Serve(new GoldenResponse(file), new GoldenDelivery { Chunked = true });
        using var response = await GatewayCalls.SendAsync(fixture.Http, "v1/embeddings", """{"model":"text-embedding-3-small","input":"Der Rhein bei Kaub führt Niedrigwasser."}""");
        var call = await GatewayCalls.ReadAsync(response);
        var entry = await fixture.LedgerEntryAsync(call.RequestId);

        // text-embedding-3-small: $0.02/M input. 12 × 0.02 = 0.24 per million = $0.00000024
        Assert.Equal(200, call.Status);
        Assert.Equal(GoldenFiles.Read(file).Length, response.Content.Headers.ContentLength);
        RelayAssert.SameBytes(GoldenFiles.Read(file), call.Body);
        Assert.Equal("text-embedding-3-small", entry.ServedModel);
        Assert.Equal(12, entry.InputTokens);
        Assert.Equal(0.00000024m, entry.CostUsd);
    }

    [Fact]
    public async Task Stream_that_ends_cleanly_inside_an_event_drops_the_partial_event_ends_with_an_error_event_and_is_recorded_as_cut()
    {
        var file = "anthropic/message-stream-tool-use.sse";
        var cut = GoldenFiles.OffsetOf(file, "ich\\\"}"); // inside the last input_json_delta, after "Zür"
        var call = await fixture.CallAsync(new GoldenResponse(file) { CutAt = cut }, Messages, ToolStream);
        var entry = await fixture.LedgerEntryAsync(call.RequestId);

        Assert.True(call.EndedCleanly);
        RelayAssert.SameBytes(GoldenFiles.Read("relayed/anthropic-message-stream-cut-mid-event.sse"), call.Body);
        // message_start said 1 output token; the complete text deltas before the cut, "Ich prüfe das Wetter in Zürich."
        // and {"location": "Zür, are 14 o200k tokens, ⌈14 × 1.15⌉ = 17 as Claude's approximation.
        Assert.Equal("upstream_stream_cut", entry.ErrorType);
        Assert.Equal("stream ended before its final event; output estimated from the streamed text; the provider reported no final usage", entry.Warning);
        Assert.Equal(5940, entry.InputTokens);
        Assert.Equal(17, entry.OutputTokens);
    }
}
