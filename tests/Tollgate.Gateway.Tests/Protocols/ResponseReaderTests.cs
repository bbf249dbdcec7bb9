using System.Text;
using Tollgate.Core.Exchange;
using Tollgate.Gateway.Protocols;

namespace Tollgate.Gateway.Tests.Protocols;

public sealed class ResponseReaderTests
{
    private static ResponseFacts Read(string json, WireProtocol protocol, ResponseFacts facts = default)
    {
        Assert.True(ResponseReader.TryRead(Encoding.UTF8.GetBytes(json), protocol, ref facts));
        return facts;
    }

    [Fact]
    public void Reads_openai_usage_with_cached_prompt_tokens()
    {
        var facts = Read("""{"id":"x","model":"gpt-4o-mini-2024-07-18","choices":[{"index":0}],"usage":{"prompt_tokens":120,"completion_tokens":30,"total_tokens":150,"prompt_tokens_details":{"cached_tokens":100}}}""", WireProtocol.OpenAI);

        Assert.Equal("gpt-4o-mini-2024-07-18", facts.Model);
        Assert.Equal(new TokenUsage(120, 100, 0, 30), facts.ToUsage());
        Assert.False(facts.EmptyChoices);
    }

    [Fact]
    public void Recognises_the_openai_usage_chunk_by_its_empty_choices()
    {
        var facts = Read("""{"id":"x","object":"chat.completion.chunk","model":"m","choices":[],"usage":{"prompt_tokens":5,"completion_tokens":7,"total_tokens":12}}""", WireProtocol.OpenAI);

        Assert.True(facts.EmptyChoices);
        Assert.True(facts.HasUsage);
    }

    [Fact]
    public void Sums_anthropic_cache_reads_and_writes_into_input()
    {
        var facts = Read("""{"id":"msg_1","type":"message","model":"claude-sonnet-4-5","usage":{"input_tokens":10,"cache_creation_input_tokens":200,"cache_read_input_tokens":1000,"output_tokens":50}}""", WireProtocol.Anthropic);

        Assert.Equal(new TokenUsage(1210, 1000, 200, 50), facts.ToUsage());
    }

    [Fact]
    public void Reads_the_one_hour_part_of_anthropic_cache_writes()
    {
        var facts = Read("""{"model":"claude-sonnet-4-5","usage":{"input_tokens":10,"cache_creation_input_tokens":300,"cache_read_input_tokens":0,"cache_creation":{"ephemeral_5m_input_tokens":100,"ephemeral_1h_input_tokens":200},"output_tokens":5}}""", WireProtocol.Anthropic);

        Assert.Equal(new TokenUsage(310, 0, 300, 5, CacheWrite1hTokens: 200), facts.ToUsage());
    }

    [Fact]
    public void Takes_the_cache_writes_from_their_split_when_the_total_is_missing()
    {
        var facts = Read("""{"model":"claude-sonnet-4-5","usage":{"input_tokens":10,"cache_creation":{"ephemeral_5m_input_tokens":100,"ephemeral_1h_input_tokens":200},"output_tokens":5}}""", WireProtocol.Anthropic);

        Assert.Equal(new TokenUsage(310, 0, 300, 5, CacheWrite1hTokens: 200), facts.ToUsage());
    }

    [Fact]
    public void Holds_one_hour_writes_to_the_total_the_provider_reports()
    {
        var facts = Read("""{"model":"claude-sonnet-4-5","usage":{"input_tokens":10,"cache_creation_input_tokens":50,"cache_creation":{"ephemeral_5m_input_tokens":0,"ephemeral_1h_input_tokens":200},"output_tokens":5}}""", WireProtocol.Anthropic);

        Assert.Equal(new TokenUsage(60, 0, 50, 5, CacheWrite1hTokens: 50), facts.ToUsage());
    }

    [Fact]
    public void Combines_anthropic_message_start_and_message_delta()
    {
        var facts = Read("""{"type":"message_start","message":{"id":"msg_1","model":"claude-haiku-4-5","usage":{"input_tokens":25,"output_tokens":1,"cache_read_input_tokens":0,"cache_creation_input_tokens":0}}}""", WireProtocol.Anthropic);
        facts = Read("""{"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":15}}""", WireProtocol.Anthropic, facts);

        Assert.Equal("claude-haiku-4-5", facts.Model);
        Assert.Equal(new TokenUsage(25, 0, 0, 15), facts.ToUsage());
    }

    [Fact]
    public void Reads_error_types_of_both_protocols()
    {
        Assert.Equal("rate_limit_exceeded", Read("""{"error":{"message":"slow down","type":"requests","param":null,"code":"rate_limit_exceeded"}}""", WireProtocol.OpenAI).ErrorType);
        Assert.Equal("overloaded_error", Read("""{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}""", WireProtocol.Anthropic).ErrorType);
    }

    [Fact]
    public void Refuses_what_is_not_json()
    {
        var facts = default(ResponseFacts);
        Assert.False(ResponseReader.TryRead("<html>bad gateway</html>"u8, WireProtocol.OpenAI, ref facts));
    }
}
