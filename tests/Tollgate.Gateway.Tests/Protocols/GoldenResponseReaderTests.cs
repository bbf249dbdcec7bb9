using System.Text;
using Tollgate.Core.Exchange;
using Tollgate.Gateway.Protocols;
using Tollgate.Testing;
using Tollgate.Testing.Clients;

namespace Tollgate.Gateway.Tests.Protocols;

/// <summary>
/// The response reader against provider bytes written from the providers' API references (tests/Tollgate.Testing/Golden),
/// not against the simulator's. Every expected figure is copied by hand from the golden file named in the test.
/// </summary>
public sealed class GoldenResponseReaderTests
{
    [Fact]
    public void OpenAI_completion_reports_its_cached_prompt_tokens_and_counts_reasoning_inside_completion_tokens()
    {
        var facts = ReadBody("openai/chat-completion.json", WireProtocol.OpenAI);

        // prompt_tokens 2006 with prompt_tokens_details.cached_tokens 1920; completion_tokens 517 already include
        // completion_tokens_details.reasoning_tokens 384, so output is 517, not 901.
        Assert.Equal("o4-mini-2025-04-16", facts.Model);
        Assert.True(facts.HasUsage);
        Assert.Equal(new TokenUsage(InputTokens: 2006, CachedInputTokens: 1920, CacheWriteTokens: 0, OutputTokens: 517), facts.ToUsage());
        Assert.Null(facts.ErrorType);
    }

    [Fact]
    public void OpenAI_completion_reports_the_prompt_tokens_it_wrote_to_the_cache()
    {
        var facts = ReadBody("openai/chat-completion-cache-write.json", WireProtocol.OpenAI);

        // prompt_tokens 3200 of which prompt_tokens_details.cache_write_tokens 2944; nothing read from the cache.
        Assert.Equal("gpt-5.1-2025-11-13", facts.Model);
        Assert.Equal(new TokenUsage(InputTokens: 3200, CachedInputTokens: 0, CacheWriteTokens: 2944, OutputTokens: 150), facts.ToUsage());
    }

    [Fact]
    public async Task OpenAI_stream_reports_the_usage_of_its_final_chunk()
    {
        var facts = await ReadStreamAsync("openai/chat-stream-include-usage.sse", WireProtocol.OpenAI);

        // The chunk with "choices":[]: prompt_tokens 1230, cached_tokens 1152, completion_tokens 9.
        Assert.Equal("gpt-4o-mini-2024-07-18", facts.Model);
        Assert.True(facts.HasUsage);
        Assert.Equal(new TokenUsage(InputTokens: 1230, CachedInputTokens: 1152, CacheWriteTokens: 0, OutputTokens: 9), facts.ToUsage());
    }

    [Fact]
    public async Task OpenAI_chunks_with_null_usage_report_none_and_only_the_usage_chunk_has_empty_choices()
    {
        var chunks = await EventsAsync("openai/chat-stream-include-usage.sse");
        var withUsage = new List<int>();
        var withEmptyChoices = new List<int>();
        for (var i = 0; i < chunks.Count - 1; i++) // the last event is [DONE]
        {
            var facts = default(ResponseFacts);
            Assert.True(ResponseReader.TryRead(Encoding.UTF8.GetBytes(chunks[i].Data), WireProtocol.OpenAI, ref facts));
            if (facts.HasUsage)
            {
                withUsage.Add(i);
            }

            if (facts.EmptyChoices)
            {
                withEmptyChoices.Add(i);
            }
        }

        // Five content chunks with "usage":null, then the usage chunk (index 5), then [DONE].
        Assert.Equal([5], withUsage);
        Assert.Equal([5], withEmptyChoices);
    }

    [Fact]
    public async Task OpenAI_tool_call_stream_reports_model_and_usage()
    {
        var facts = await ReadStreamAsync("openai/chat-stream-tool-calls.sse", WireProtocol.OpenAI);

        Assert.Equal("gpt-4.1-2025-04-14", facts.Model);
        Assert.Equal(new TokenUsage(InputTokens: 83, CachedInputTokens: 0, CacheWriteTokens: 0, OutputTokens: 18), facts.ToUsage());
        Assert.Null(facts.ErrorType);
    }

    [Fact]
    public async Task OpenAI_error_chunk_in_a_stream_reports_its_type_and_no_usage()
    {
        var facts = await ReadStreamAsync("openai/chat-stream-error.sse", WireProtocol.OpenAI);

        // {"error":{... "type":"server_error", ... "code":null}}: with no code, the type names the error.
        Assert.Equal("server_error", facts.ErrorType);
        Assert.Equal("gpt-4o-2024-08-06", facts.Model);
        Assert.False(facts.HasUsage);
    }

    [Theory]
    [InlineData("openai/error-401-invalid-api-key.json", "invalid_api_key")]
    [InlineData("openai/error-429-rate-limit.json", "rate_limit_exceeded")]
    [InlineData("openai/error-400-invalid-request.json", "invalid_type")]
    public void OpenAI_error_body_is_read_by_its_code(string file, string errorType)
    {
        var facts = ReadBody(file, WireProtocol.OpenAI);

        Assert.Equal(errorType, facts.ErrorType);
        Assert.False(facts.HasUsage);
        Assert.Null(facts.Model);
    }

    [Fact]
    public void Anthropic_message_adds_cache_reads_and_writes_to_its_input_and_keeps_the_one_hour_writes_apart()
    {
        var facts = ReadBody("anthropic/message.json", WireProtocol.Anthropic);

        // input_tokens 48 + cache_read_input_tokens 8192 + cache_creation_input_tokens 2051 = 10,291 prompt tokens.
        // The 2051 written are cache_creation.ephemeral_5m_input_tokens 1539 + ephemeral_1h_input_tokens 512; the
        // 1-hour part is priced apart.
        Assert.Equal("claude-sonnet-4-5-20250929", facts.Model);
        Assert.Equal(
            new TokenUsage(InputTokens: 10_291, CachedInputTokens: 8192, CacheWriteTokens: 2051, OutputTokens: 41, CacheWrite1hTokens: 512),
            facts.ToUsage());
        Assert.Null(facts.ErrorType);
    }

    [Fact]
    public async Task Anthropic_stream_keeps_the_one_hour_writes_of_message_start_when_message_delta_repeats_only_the_total()
    {
        var facts = await ReadStreamAsync("anthropic/message-stream-cache-1h.sse", WireProtocol.Anthropic);

        // message_start: input 36, cache_creation_input_tokens 3072 = 1024 for five minutes + 2048 for an hour; message_delta
        // repeats input 36 and the 3072 written, without the split, and the cumulative output 12.
        Assert.Equal(
            new TokenUsage(InputTokens: 3108, CachedInputTokens: 0, CacheWriteTokens: 3072, OutputTokens: 12, CacheWrite1hTokens: 2048),
            facts.ToUsage());
    }

    [Fact]
    public async Task Anthropic_stream_takes_input_from_message_start_and_cumulative_output_from_message_delta()
    {
        var facts = await ReadStreamAsync("anthropic/message-stream-tool-use.sse", WireProtocol.Anthropic);

        // message_delta repeats the cumulative usage: input 22 + cache read 4608 + cache write 1310 = 5940; output 87.
        Assert.Equal("claude-haiku-4-5-20251001", facts.Model);
        Assert.Equal(new TokenUsage(InputTokens: 5940, CachedInputTokens: 4608, CacheWriteTokens: 1310, OutputTokens: 87), facts.ToUsage());
        Assert.Null(facts.ErrorType);
    }

    [Fact]
    public async Task Anthropic_stream_keeps_message_start_input_when_message_delta_reports_only_output()
    {
        var facts = await ReadStreamAsync("anthropic/message-stream-text.sse", WireProtocol.Anthropic);

        // message_start: input_tokens 25, no cache use, output_tokens 1; message_delta: "usage":{"output_tokens":15}.
        Assert.Equal("claude-sonnet-4-5-20250929", facts.Model);
        Assert.Equal(new TokenUsage(InputTokens: 25, CachedInputTokens: 0, CacheWriteTokens: 0, OutputTokens: 15), facts.ToUsage());
    }

    [Fact]
    public async Task Anthropic_stream_cut_after_message_start_reports_its_usage_so_far()
    {
        var events = await EventsAsync("anthropic/message-stream-tool-use.sse");
        var facts = default(ResponseFacts);
        Assert.True(ResponseReader.TryRead(Encoding.UTF8.GetBytes(events[0].Data), WireProtocol.Anthropic, ref facts));

        // message_start alone: 22 + 4608 + 1310 prompt tokens, output_tokens 1.
        Assert.Equal(new TokenUsage(InputTokens: 5940, CachedInputTokens: 4608, CacheWriteTokens: 1310, OutputTokens: 1), facts.ToUsage());
    }

    [Fact]
    public async Task Anthropic_error_event_in_a_stream_reports_its_type()
    {
        var facts = await ReadStreamAsync("anthropic/message-stream-error.sse", WireProtocol.Anthropic);

        Assert.Equal("overloaded_error", facts.ErrorType);
        Assert.Equal("claude-opus-4-1-20250805", facts.Model);
        Assert.Equal(new TokenUsage(InputTokens: 1200, CachedInputTokens: 0, CacheWriteTokens: 0, OutputTokens: 1), facts.ToUsage());
    }

    [Theory]
    [InlineData("anthropic/error-400-invalid-request.json", "invalid_request_error")]
    [InlineData("anthropic/error-429-rate-limit.json", "rate_limit_error")]
    [InlineData("anthropic/error-529-overloaded.json", "overloaded_error")]
    public void Anthropic_error_body_is_read_by_its_type(string file, string errorType)
    {
        var facts = ReadBody(file, WireProtocol.Anthropic);

        Assert.Equal(errorType, facts.ErrorType);
        Assert.False(facts.HasUsage);
    }

    private static ResponseFacts ReadBody(string file, WireProtocol protocol)
    {
        var facts = default(ResponseFacts);
        Assert.True(ResponseReader.TryRead(GoldenFiles.Read(file), protocol, ref facts), $"{file} was not read as JSON");
        return facts;
    }

    /// <summary>Reads every event's data in order, as a relay sees them; the test's own SSE parser splits the stream.</summary>
    private static async Task<ResponseFacts> ReadStreamAsync(string file, WireProtocol protocol)
    {
        var facts = default(ResponseFacts);
        foreach (var item in await EventsAsync(file))
        {
            if (item.Data != "[DONE]")
            {
                Assert.True(ResponseReader.TryRead(Encoding.UTF8.GetBytes(item.Data), protocol, ref facts), $"an event of {file} was not read: {item.Data}");
            }
        }

        return facts;
    }

    private static async Task<IReadOnlyList<ServerSentEvent>> EventsAsync(string file)
    {
        using var stream = new MemoryStream(GoldenFiles.Read(file));
        return await ServerSentEvents.ReadAllAsync(stream);
    }
}
