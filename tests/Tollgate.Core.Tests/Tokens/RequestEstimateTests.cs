using System.Text.Json;
using Tollgate.Core.Exchange;
using Tollgate.Core.Tokens;

namespace Tollgate.Core.Tests.Tokens;

/// <summary>
/// Which parts of a chat request the prompt estimate counts. Figures are hand-added from published o200k counts:
/// "hello world" is 2 tokens and the role "user" or "assistant" is 1; the reply priming and each message's framing add 3.
/// </summary>
public sealed class RequestEstimateTests
{
    private readonly TokenCounter _counter = new();

    [Theory]
    [InlineData("""{ "messages": [ { "role": "user", "content": "hello world" } ] }""")]
    [InlineData("""{ "messages": [ { "role": "user", "content": [ { "type": "text", "text": "hello world" } ] } ] }""")]
    public void Content_counts_the_same_as_a_string_or_as_text_parts(string body)
    {
        // 3 priming + 3 framing + 1 ("user") + 2 ("hello world")
        Assert.Equal(9, Estimate(WireProtocol.OpenAI, body));
    }

    [Fact]
    public void Anthropic_text_blocks_are_counted_by_their_text()
    {
        const string body = """{ "messages": [ { "role": "user", "content": [ { "type": "text", "text": "hello world" } ] } ] }""";

        // Claude counts are o200k counts × 1.15, rounded up per piece of text: "user" ⌈1.15⌉ = 2, "hello world" ⌈2.3⌉ = 3.
        Assert.Equal(3 + 3 + 2 + 3, _counter.EstimateRequestInput(WireProtocol.Anthropic, "claude-sonnet-4-5", Parse(body)));
    }

    [Fact]
    public void A_message_field_that_holds_no_text_adds_nothing()
    {
        const string body = """{ "messages": [ { "role": "assistant", "content": "hello world", "audio": { "id": "audio_abc123" } } ] }""";

        Assert.Equal(9, Estimate(WireProtocol.OpenAI, body));
    }

    [Fact]
    public void Tool_calls_in_the_history_are_counted()
    {
        const string without = """{ "messages": [ { "role": "assistant" } ] }""";
        const string with = """
            { "messages": [ { "role": "assistant", "tool_calls": [
              { "id": "call_1", "type": "function", "function": { "name": "get_weather", "arguments": "{\"city\":\"Paris\"}" } } ] } ] }
            """;

        Assert.Equal(7, Estimate(WireProtocol.OpenAI, without));
        Assert.True(Estimate(WireProtocol.OpenAI, with) > 7 + 5, "the tool call's name and arguments are prompt tokens");
    }

    [Fact]
    public void Tool_definitions_are_counted()
    {
        const string without = """{ "messages": [ { "role": "user", "content": "hello world" } ] }""";
        const string with = """
            { "messages": [ { "role": "user", "content": "hello world" } ],
              "tools": [ { "type": "function", "function": { "name": "get_weather", "parameters": { "type": "object" } } } ] }
            """;

        Assert.Equal(9, Estimate(WireProtocol.OpenAI, without));
        Assert.True(Estimate(WireProtocol.OpenAI, with) > 9 + 5, "tool definitions are prompt tokens");
    }

    private long Estimate(WireProtocol protocol, string body) => _counter.EstimateRequestInput(protocol, "gpt-4o", Parse(body));

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
