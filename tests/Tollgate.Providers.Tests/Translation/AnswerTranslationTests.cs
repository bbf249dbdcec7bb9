using System.Text;
using System.Text.Json;
using Tollgate.Providers.Translation;

namespace Tollgate.Providers.Tests.Translation;

/// <summary>
/// Golden provider answers, whole and streamed, read in the other protocol: content, tool calls, stop reasons, ids,
/// usage with cache reads and writes (so the row bills them), errors with their status's type. Streams are fed a few
/// bytes at a time: the translation waits for whole events and loses nothing between reads.
/// </summary>
public sealed class AnswerTranslationTests
{
    [Fact]
    public void An_anthropic_message_reads_as_a_chat_completion_with_its_cache_tokens_inside_the_prompt()
    {
        using var document = Translated.Answer(TranslationRoute.ChatToMessages, "anthropic/message.json");
        var completion = document.RootElement;
        var choice = completion.GetProperty("choices")[0];
        var usage = completion.GetProperty("usage");

        Assert.Equal("msg_01XFDUDYJgAACzvnptvVoYEL", completion.GetProperty("id").GetString());
        Assert.Equal("chat.completion", completion.GetProperty("object").GetString());
        Assert.Equal("claude-sonnet-4-5-20250929", completion.GetProperty("model").GetString());
        Assert.StartsWith("Der Vertrag", choice.GetProperty("message").GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.Equal("stop", choice.GetProperty("finish_reason").GetString());
        Assert.Equal(48 + 2051 + 8192, usage.GetProperty("prompt_tokens").GetInt64());
        Assert.Equal(41, usage.GetProperty("completion_tokens").GetInt64());
        var details = usage.GetProperty("prompt_tokens_details");
        Assert.Equal((8192, 2051, 512), (details.GetProperty("cached_tokens").GetInt64(), details.GetProperty("cache_write_tokens").GetInt64(), details.GetProperty("cache_write_1h_tokens").GetInt64()));
    }

    [Fact]
    public void A_chat_completion_reads_as_an_anthropic_message_with_input_apart_from_cache_reads()
    {
        using var document = Translated.Answer(TranslationRoute.MessagesToChat, "openai/chat-completion-cache-write.json");
        var message = document.RootElement;
        using var golden = JsonDocument.Parse(Testing.GoldenFiles.Read("openai/chat-completion-cache-write.json"));
        var goldenUsage = golden.RootElement.GetProperty("usage");
        var cached = goldenUsage.GetProperty("prompt_tokens_details").GetProperty("cached_tokens").GetInt64();
        var written = goldenUsage.GetProperty("prompt_tokens_details").GetProperty("cache_write_tokens").GetInt64();
        var usage = message.GetProperty("usage");

        Assert.Equal("message", message.GetProperty("type").GetString());
        Assert.Equal("text", message.GetProperty("content")[0].GetProperty("type").GetString());
        Assert.Equal("end_turn", message.GetProperty("stop_reason").GetString());
        Assert.Equal(goldenUsage.GetProperty("prompt_tokens").GetInt64() - cached - written, usage.GetProperty("input_tokens").GetInt64());
        Assert.Equal(cached, usage.GetProperty("cache_read_input_tokens").GetInt64());
        Assert.Equal(written, usage.GetProperty("cache_creation_input_tokens").GetInt64());
    }

    [Fact]
    public void An_anthropic_message_reads_as_a_completed_response()
    {
        using var document = Translated.Answer(TranslationRoute.ResponsesToMessages, "anthropic/message.json");
        var response = document.RootElement;
        var item = response.GetProperty("output")[0];

        Assert.Equal("resp_01XFDUDYJgAACzvnptvVoYEL", response.GetProperty("id").GetString());
        Assert.Equal("completed", response.GetProperty("status").GetString());
        Assert.Equal("message", item.GetProperty("type").GetString());
        Assert.StartsWith("Der Vertrag", item.GetProperty("content")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal(48 + 2051 + 8192, response.GetProperty("usage").GetProperty("input_tokens").GetInt64());
        Assert.Equal(8192, response.GetProperty("usage").GetProperty("input_tokens_details").GetProperty("cached_tokens").GetInt64());
    }

    [Theory]
    [InlineData("anthropic/error-429-rate-limit.json", 429, "rate_limit_error", "rate_limit_exceeded")]
    [InlineData("anthropic/error-529-overloaded.json", 529, "server_error", "overloaded")]
    [InlineData("anthropic/error-400-invalid-request.json", 400, "invalid_request_error", null)]
    public void An_anthropic_error_reads_in_openais_error_shape(string golden, int status, string type, string? code)
    {
        using var document = Translated.Answer(TranslationRoute.ChatToMessages, golden, status);
        var error = document.RootElement.GetProperty("error");

        Assert.Equal(type, error.GetProperty("type").GetString());
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.Equal(ErrorTranslation.ReadMessage(Testing.GoldenFiles.Read(golden)), error.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("openai/error-429-rate-limit.json", 429, "rate_limit_error")]
    [InlineData("openai/error-401-invalid-api-key.json", 401, "authentication_error")]
    [InlineData("openai/error-400-invalid-request.json", 400, "invalid_request_error")]
    public void An_openai_error_reads_in_anthropics_error_shape(string golden, int status, string type)
    {
        using var document = Translated.Answer(TranslationRoute.MessagesToChat, golden, status);

        Assert.Equal("error", document.RootElement.GetProperty("type").GetString());
        Assert.Equal(type, document.RootElement.GetProperty("error").GetProperty("type").GetString());
        Assert.Contains(" ", document.RootElement.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(4096)]
    [InlineData(7)]
    public async Task An_anthropic_tool_use_stream_reads_as_chat_chunks_ending_with_usage_and_done(int pieceSize)
    {
        var events = await Translated.StreamAsync(TranslationRoute.ChatToMessages, "anthropic/message-stream-tool-use.sse", includeUsage: true, pieceSize);

        Assert.Equal("[DONE]", events[^1].Data);
        var chunks = events.SkipLast(1).Select(e => JsonDocument.Parse(e.Data).RootElement).ToList();
        Assert.All(chunks, chunk => Assert.Equal("chat.completion.chunk", chunk.GetProperty("object").GetString()));
        Assert.Equal("assistant", chunks[0].GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());
        var text = new StringBuilder();
        var arguments = new StringBuilder();
        string? name = null, finish = null;
        foreach (var chunk in chunks.SkipLast(1))
        {
            var choice = chunk.GetProperty("choices")[0];
            var delta = choice.GetProperty("delta");
            text.Append(delta.TryGetProperty("content", out var content) ? content.GetString() : null);
            if (delta.TryGetProperty("tool_calls", out var calls))
            {
                var function = calls[0].GetProperty("function");
                name ??= function.TryGetProperty("name", out var n) ? n.GetString() : null;
                arguments.Append(function.GetProperty("arguments").GetString());
            }

            finish ??= choice.GetProperty("finish_reason").GetString();
            Assert.Equal(JsonValueKind.Null, chunk.GetProperty("usage").ValueKind);
        }

        Assert.Equal("Ich prüfe das Wetter in Zürich.", text.ToString());
        Assert.Equal("get_weather", name);
        Assert.Equal("""{"location": "Zürich"}""", arguments.ToString());
        Assert.Equal("tool_calls", finish);
        var usage = chunks[^1].GetProperty("usage");
        Assert.Equal(0, chunks[^1].GetProperty("choices").GetArrayLength());
        Assert.Equal(22 + 1310 + 4608, usage.GetProperty("prompt_tokens").GetInt64());
        Assert.Equal(87, usage.GetProperty("completion_tokens").GetInt64());
        Assert.Equal(4608, usage.GetProperty("prompt_tokens_details").GetProperty("cached_tokens").GetInt64());
    }

    [Fact]
    public async Task A_chat_stream_that_did_not_ask_for_usage_gets_no_usage_chunk()
    {
        var events = await Translated.StreamAsync(TranslationRoute.ChatToMessages, "anthropic/message-stream-text.sse", includeUsage: false);

        Assert.Equal("[DONE]", events[^1].Data);
        Assert.All(events.SkipLast(1), e => Assert.False(JsonDocument.Parse(e.Data).RootElement.TryGetProperty("usage", out _)));
    }

    [Theory]
    [InlineData(4096)]
    [InlineData(5)]
    public async Task An_openai_tool_call_stream_reads_as_anthropic_events_with_usage_in_message_delta(int pieceSize)
    {
        var events = await Translated.StreamAsync(TranslationRoute.MessagesToChat, "openai/chat-stream-tool-calls.sse", pieceSize: pieceSize);

        Assert.Equal(
            ["message_start", "content_block_start", "content_block_delta", "content_block_delta", "content_block_delta", "content_block_delta", "content_block_delta", "content_block_stop", "message_delta", "message_stop"],
            events.Select(e => e.Name));
        Assert.All(events, e => Assert.Equal(e.Name, JsonDocument.Parse(e.Data).RootElement.GetProperty("type").GetString()));
        var block = JsonDocument.Parse(events[1].Data).RootElement.GetProperty("content_block");
        Assert.Equal(("tool_use", "call_Xq2bV7nLk9sR4tYw1mJc8pDe", "get_current_weather"), (block.GetProperty("type").GetString(), block.GetProperty("id").GetString(), block.GetProperty("name").GetString()));
        var json = string.Concat(events.Where(e => e.Name == "content_block_delta").Select(e => JsonDocument.Parse(e.Data).RootElement.GetProperty("delta").GetProperty("partial_json").GetString()));
        Assert.Equal("""{"location":"São Paulo","unit":"celsius"}""", json);
        var delta = JsonDocument.Parse(events[^2].Data).RootElement;
        Assert.Equal("tool_use", delta.GetProperty("delta").GetProperty("stop_reason").GetString());
        Assert.Equal((83, 18), (delta.GetProperty("usage").GetProperty("input_tokens").GetInt64(), delta.GetProperty("usage").GetProperty("output_tokens").GetInt64()));
    }

    [Theory]
    [InlineData(4096)]
    [InlineData(3)]
    public async Task An_anthropic_stream_reads_as_responses_events_numbered_in_order_ending_completed(int pieceSize)
    {
        var events = await Translated.StreamAsync(TranslationRoute.ResponsesToMessages, "anthropic/message-stream-tool-use.sse", pieceSize: pieceSize);
        var data = events.Select(e => JsonDocument.Parse(e.Data).RootElement).ToList();

        Assert.Equal(Enumerable.Range(0, events.Count).Select(i => (long)i), data.Select(d => d.GetProperty("sequence_number").GetInt64()));
        Assert.All(events.Zip(data), pair => Assert.Equal(pair.First.Name, pair.Second.GetProperty("type").GetString()));
        Assert.Equal(["response.created", "response.in_progress"], events.Take(2).Select(e => e.Name));
        Assert.Equal("response.completed", events[^1].Name);
        var text = string.Concat(data.Where(d => d.GetProperty("type").GetString() == "response.output_text.delta").Select(d => d.GetProperty("delta").GetString()));
        var arguments = string.Concat(data.Where(d => d.GetProperty("type").GetString() == "response.function_call_arguments.delta").Select(d => d.GetProperty("delta").GetString()));
        var response = data[^1].GetProperty("response");
        var output = response.GetProperty("output");
        Assert.Equal("Ich prüfe das Wetter in Zürich.", text);
        Assert.Equal(text, output[0].GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal(("function_call", arguments), (output[1].GetProperty("type").GetString(), output[1].GetProperty("arguments").GetString()));
        Assert.Equal("toolu_01T1x1fJ34qAmk2tNTrN7Up6", output[1].GetProperty("call_id").GetString());
        Assert.Equal(22 + 1310 + 4608, response.GetProperty("usage").GetProperty("input_tokens").GetInt64());
        Assert.Equal(87, response.GetProperty("usage").GetProperty("output_tokens").GetInt64());
    }

    [Fact]
    public async Task An_anthropic_stream_error_reads_as_openais_error_chunk()
    {
        var events = await Translated.StreamAsync(TranslationRoute.ChatToMessages, "anthropic/message-stream-error.sse");

        var error = JsonDocument.Parse(events[^1].Data).RootElement.GetProperty("error");
        Assert.Equal("server_error", error.GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task An_hour_long_cache_write_keeps_its_split_through_the_translation()
    {
        var events = await Translated.StreamAsync(TranslationRoute.ChatToMessages, "anthropic/message-stream-cache-1h.sse");

        var details = JsonDocument.Parse(events[^2].Data).RootElement.GetProperty("usage").GetProperty("prompt_tokens_details");
        Assert.Equal((3072, 2048), (details.GetProperty("cache_write_tokens").GetInt64(), details.GetProperty("cache_write_1h_tokens").GetInt64()));
    }
}
