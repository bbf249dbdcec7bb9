using System.Text;
using Tollgate.Gateway.Protocols;

namespace Tollgate.Gateway.Tests.Protocols;

/// <summary>
/// What the relay keeps of a stream's events to count its output should the final usage never come: the generated
/// text and tool input, unescaped, and nothing else (no ids, names, roles or signatures), however the JSON is spaced.
/// </summary>
public sealed class StreamOutputTextTests
{
    [Theory]
    [InlineData("""{"id":"chatcmpl-1","object":"chat.completion.chunk","model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":"Bonjour"},"finish_reason":null}],"usage":null}""", "Bonjour")]
    [InlineData("""{"id": "chatcmpl-1", "choices": [{"index": 0, "delta": {"role": "assistant", "content": "Sag \"Hallo\"\n"}}]}""", "Sag \"Hallo\"\n")]
    [InlineData("""{"id":"c","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"location\":"}}]}}]}""", "{\"location\":")]
    [InlineData("""{"id":"c","choices":[{"index":0,"delta":{"refusal":"I can't"}},{"index":1,"delta":{"reasoning_content":"Think."}}]}""", "I can'tThink.")]
    [InlineData("""{"id":"c","choices":[{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"finish_reason":null}],"usage":null}""", "")]
    [InlineData("""{"id":"c","choices":[],"usage":{"prompt_tokens":12,"completion_tokens":6,"total_tokens":18}}""", "")]
    [InlineData("""{"error":{"message":"The server had an error","type":"server_error"}}""", "")]
    public void OpenAI_chunk_keeps_only_its_generated_text(string chunk, string kept)
    {
        var text = default(StreamOutputText);
        text.ReadOpenAIChunk(Encoding.UTF8.GetBytes(chunk));

        Assert.Equal(kept, Encoding.UTF8.GetString(text.Text));
        text.Release();
    }

    [Theory]
    [InlineData("""{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Ich prüfe"}}""", "Ich prüfe")]
    [InlineData("""{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"locati"}}""", "{\"locati")]
    [InlineData("""{"type": "content_block_delta", "index": 0, "delta": {"type": "thinking_delta", "thinking": "Erst das Wetter."}}""", "Erst das Wetter.")]
    [InlineData("""{"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"EqQBCgIYAhIM"}}""", "")]
    public void Anthropic_delta_keeps_only_its_generated_text(string data, string kept)
    {
        var text = default(StreamOutputText);
        text.ReadAnthropicDelta(Encoding.UTF8.GetBytes(data));

        Assert.Equal(kept, Encoding.UTF8.GetString(text.Text));
        text.Release();
    }

    [Fact]
    public void Text_of_many_chunks_is_kept_in_order_past_the_first_buffer()
    {
        var text = default(StreamOutputText);
        var expected = new StringBuilder();
        for (var i = 0; i < 500; i++)
        {
            var piece = $" Stück {i} – ";
            expected.Append(piece);
            text.ReadOpenAIChunk(Encoding.UTF8.GetBytes($$$"""{"id":"c","choices":[{"index":0,"delta":{"content":"{{{piece}}}"}}]}"""));
        }

        Assert.Equal(expected.ToString(), Encoding.UTF8.GetString(text.Text));
        text.Release();
    }

    [Fact]
    public void Text_is_counted_with_the_models_tokenizer()
    {
        var text = default(StreamOutputText);
        text.ReadOpenAIChunk("""{"id":"c","choices":[{"index":0,"delta":{"content":"Bonjour à tous ! 👋"}}]}"""u8);

        // o200k_base: 6 tokens; Claude: ⌈6 × 1.15⌉ = 7.
        Assert.Equal(6, text.CountTokens("gpt-4o-mini"));
        Assert.Equal(7, text.CountTokens("claude-haiku-4-5"));
        text.Release();
    }
}
