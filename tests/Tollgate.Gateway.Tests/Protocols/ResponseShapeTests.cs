using System.Text;
using Tollgate.Core.Exchange;
using Tollgate.Gateway.Protocols;

namespace Tollgate.Gateway.Tests.Protocols;

/// <summary>Response shapes the reader must get right beyond the common cases: nested content before usage, extra usage fields, odd errors.</summary>
public sealed class ResponseShapeTests
{
    private static ResponseFacts Read(string json, WireProtocol protocol)
    {
        var facts = default(ResponseFacts);
        Assert.True(ResponseReader.TryRead(Encoding.UTF8.GetBytes(json), protocol, ref facts));
        return facts;
    }

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("null")]
    [InlineData("\"usage\"")]
    public void Json_that_is_not_an_object_is_not_a_response(string json)
    {
        var facts = default(ResponseFacts);

        Assert.False(ResponseReader.TryRead(Encoding.UTF8.GetBytes(json), WireProtocol.OpenAI, ref facts));
    }

    [Fact]
    public void Usage_after_a_tool_call_choice_is_read()
    {
        var facts = Read("""
            {"id":"chatcmpl-1","object":"chat.completion","model":"gpt-4o-2024-08-06",
             "choices":[{"index":0,"message":{"role":"assistant","content":null,
               "tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]},
               "logprobs":null,"finish_reason":"tool_calls"}],
             "usage":{"prompt_tokens":82,"completion_tokens":17,"total_tokens":99}}
            """, WireProtocol.OpenAI);

        Assert.Equal(new TokenUsage(82, 0, 0, 17), facts.ToUsage());
    }

    [Fact]
    public void Anthropic_usage_with_a_cache_creation_breakdown_is_read_whole()
    {
        var facts = Read("""
            {"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929","content":[{"type":"text","text":"Hi"}],
             "stop_reason":"end_turn","stop_sequence":null,
             "usage":{"input_tokens":12,"cache_creation_input_tokens":100,"cache_read_input_tokens":200,
               "cache_creation":{"ephemeral_5m_input_tokens":100,"ephemeral_1h_input_tokens":0},
               "output_tokens":30,"service_tier":"standard"}}
            """, WireProtocol.Anthropic);

        // input = 12 uncached + 200 read + 100 written
        Assert.Equal(new TokenUsage(312, 200, 100, 30), facts.ToUsage());
    }

    [Fact]
    public void A_successful_stream_event_has_no_error_type()
    {
        var facts = Read("""{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":15}}""", WireProtocol.Anthropic);

        Assert.Null(facts.ErrorType);
        Assert.Equal(15, facts.OutputTokens);
    }

    [Fact]
    public void An_error_with_a_numeric_code_is_known_by_its_type()
    {
        var facts = Read("""{"error":{"message":"bad","type":"invalid_request_error","param":null,"code":400}}""", WireProtocol.OpenAI);

        Assert.Equal("invalid_request_error", facts.ErrorType);
    }

    [Fact]
    public void An_error_with_neither_type_nor_code_is_still_an_error()
    {
        var facts = Read("""{"error":{"message":"upstream failed"}}""", WireProtocol.OpenAI);

        Assert.Equal("error", facts.ErrorType);
    }
}
