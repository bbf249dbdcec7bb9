using System.Text.Json;
using Tollgate.Core.Tokens;

namespace Tollgate.Core.Tests.Tokens;

/// <summary>
/// Which parts of a Responses API request the prompt estimate counts (used when a stream is cut before its usage).
/// Figures are hand-added from published o200k counts: "hello world" is 2 tokens, "hello" and the role "user" 1 each;
/// the reply priming and each input item's (and the instructions') framing add 3.
/// </summary>
public sealed class ResponsesEstimateTests
{
    private readonly TokenCounter _counter = new();

    [Fact]
    public void A_string_input_is_one_message()
    {
        // 3 priming + 3 framing + 2
        Assert.Equal(8, Estimate("""{ "model": "gpt-5-mini", "input": "hello world" }"""));
    }

    [Fact]
    public void Instructions_count_as_a_message_of_their_own()
    {
        Assert.Equal(3 + 5 + 5, Estimate("""{ "instructions": "hello world", "input": "hello world" }"""));
    }

    [Theory]
    [InlineData("""{ "input": [ { "role": "user", "content": "hello world" } ] }""")]
    [InlineData("""{ "input": [ { "type": "message", "role": "user", "content": [ { "type": "input_text", "text": "hello world" } ] } ] }""")]
    public void A_message_item_counts_its_role_and_its_text_whether_content_is_a_string_or_parts(string body)
    {
        // 3 priming + 3 framing + 1 ("user") + 2
        Assert.Equal(9, Estimate(body));
    }

    [Fact]
    public void A_function_call_counts_its_name_and_arguments_and_not_its_ids()
    {
        const string body = """{ "input": [ { "type": "function_call", "id": "fc_68a2b7c2e3f4a5b6c7d8e9f0", "call_id": "call_Zq3xY8wP1vN6mK2jH5gF4dS7", "name": "hello", "arguments": "hello world" } ] }""";

        Assert.Equal(3 + 3 + 1 + 2, Estimate(body));
    }

    [Fact]
    public void A_function_call_output_counts_its_output()
    {
        const string body = """{ "input": [ { "type": "function_call_output", "call_id": "call_Zq3xY8wP1vN6mK2jH5gF4dS7", "output": "hello world" } ] }""";

        Assert.Equal(3 + 3 + 2, Estimate(body));
    }

    [Fact]
    public void Tool_definitions_are_counted_as_their_json_text()
    {
        const string tools = """[{"type":"function","name":"get_weather","parameters":{"type":"object","properties":{"location":{"type":"string"}}}}]""";

        var without = Estimate("""{ "input": "hello world" }""");
        var with = Estimate("""{ "input": "hello world", "tools": """ + tools + " }");

        Assert.Equal(_counter.CountText("gpt-5-mini", tools), with - without);
        Assert.True(with > without);
    }

    [Fact]
    public void State_kept_by_the_provider_is_not_counted()
    {
        Assert.Equal(8, Estimate("""{ "input": "hello world", "previous_response_id": "resp_68a1f3d5e6f7a8b9c0d1e2f3a4b5c6d7e8f90a1b2c3d4e5f", "store": true }"""));
    }

    private long Estimate(string body)
    {
        using var document = JsonDocument.Parse(body);
        return _counter.EstimateResponsesInput("gpt-5-mini", document.RootElement);
    }
}
