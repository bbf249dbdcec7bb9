using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Anthropic;
using Anthropic.Models.Messages;
using Tollgate.Core.Exchange;
using Tollgate.Gateway.Protocols.Answers;
using Tollgate.Testing;
using Tollgate.Testing.Clients;
using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests.Answers;

/// <summary>
/// A stream synthesized from a stored Anthropic message read by the official Anthropic SDK as a live one: a loopback
/// provider serves the whole message, then the stream <see cref="AnswerForms.ToEventStream"/> makes of it, and the
/// message the SDK aggregates from the stream equals, block by block and in its usage, the one it reads whole. (Here
/// rather than beside the other answer-form tests because this SDK needs reflection-based JSON, which only this
/// project allows.)
/// </summary>
public sealed class AnthropicStreamFidelityTests(FixedAnswerServer provider) : IClassFixture<FixedAnswerServer>
{
    /// <summary>Extended thinking, a redacted block, a cited text and a tool call, as the Messages reference shows them.</summary>
    private const string ThinkingMessage =
        """{"id":"msg_01Th","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929","content":[{"type":"thinking","thinking":"The contract ends on 31 March.","signature":"EqQBCgIYAhIM1gbcDa9GJwZA2b3h"},{"type":"redacted_thinking","data":"EmwKAhgBEgy3va3pzix/LafPsn4a"},{"type":"text","text":"It ends on 31 March.","citations":[{"type":"char_location","cited_text":"ends on 31 March","document_index":0,"document_title":"Contract","start_char_index":12,"end_char_index":28}]},{"type":"tool_use","id":"toolu_1","name":"get_weather","input":{"location":"Zürich","days":[1,2]}}],"stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":778,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":112,"service_tier":"standard"}}""";

    private static readonly MessageCreateParams Ask = new()
    {
        Model = SdkClients.AnthropicModel,
        MaxTokens = 1024,
        Messages = [new UserMessageParam("Hello?")],
    };

    [Fact]
    public async Task The_anthropic_sdk_aggregates_a_stream_with_thinking_citations_and_a_tool_into_the_whole_message()
    {
        await AssertAggregatesToWholeAsync(Encoding.UTF8.GetBytes(ThinkingMessage));
    }

    [Fact]
    public async Task The_anthropic_sdk_aggregates_a_web_search_stream_into_the_whole_message()
    {
        await AssertAggregatesToWholeAsync(GoldenFiles.Read("anthropic/message-web-search.json"));
    }

    [Fact]
    public async Task The_anthropic_sdk_streams_the_text_in_several_deltas()
    {
        var body = GoldenFiles.Read("anthropic/message.json");
        provider.Serve(AnswerForms.ToEventStream(ExchangeOperation.Messages, body), isEventStream: true);

        var deltas = new List<string>();
        await foreach (var streamed in SdkClients.Anthropic(provider.BaseAddress).Messages.CreateStreaming(Ask))
        {
            if (streamed.TryPickContentBlockDelta(out var delta) && delta.Delta.TryPickText(out var text))
            {
                deltas.Add(text.Text);
            }
        }

        Assert.True(deltas.Count > 3, $"{deltas.Count} deltas");
        Assert.Equal("Der Vertrag läuft am 31. März aus; die Kündigungsfrist beträgt drei Monate.", string.Concat(deltas));
    }

    private async Task AssertAggregatesToWholeAsync(byte[] body)
    {
        var client = SdkClients.Anthropic(provider.BaseAddress);
        provider.Serve(body, isEventStream: false);
        var whole = await client.Messages.Create(Ask);

        provider.Serve(AnswerForms.ToEventStream(ExchangeOperation.Messages, body), isEventStream: true);
        var aggregated = await client.Messages.CreateStreaming(Ask).Aggregate();

        Assert.Equal(whole.ID, aggregated.ID);
        Assert.Equal(whole.StopReason, aggregated.StopReason);
        AssertSameJson(Json(whole.Usage.RawData), Json(aggregated.Usage.RawData));
        Assert.Equal(whole.Content.Count, aggregated.Content.Count);
        for (var i = 0; i < whole.Content.Count; i++)
        {
            AssertSameJson(Json(Block(whole.Content[i])), Json(Block(aggregated.Content[i])));
        }
    }

    /// <summary>A content block's JSON as the SDK holds it.</summary>
    private static IReadOnlyDictionary<string, JsonElement> Block(ContentBlock block) =>
        block.TryPickText(out var text) ? text.RawData
        : block.TryPickThinking(out var thinking) ? thinking.RawData
        : block.TryPickRedactedThinking(out var redacted) ? redacted.RawData
        : block.TryPickToolUse(out var toolUse) ? toolUse.RawData
        : block.TryPickServerToolUse(out var serverToolUse) ? serverToolUse.RawData
        : block.TryPickWebSearchToolResult(out var searchResult) ? searchResult.RawData
        : throw new Xunit.Sdk.XunitException("a content block of a kind this test does not read");

    private static JsonObject Json(IReadOnlyDictionary<string, JsonElement> raw)
    {
        var json = new JsonObject();
        foreach (var (key, value) in raw)
        {
            json[key] = JsonNode.Parse(value.GetRawText());
        }

        return json;
    }

    private static void AssertSameJson(JsonNode expected, JsonNode actual)
    {
        if (!JsonNode.DeepEquals(expected, actual))
        {
            Assert.Fail($"JSON differs.\nexpected: {expected.ToJsonString()}\nactual:   {actual.ToJsonString()}");
        }
    }
}
