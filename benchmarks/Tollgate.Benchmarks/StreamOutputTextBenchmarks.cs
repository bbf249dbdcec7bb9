using BenchmarkDotNet.Attributes;
using Tollgate.Gateway.Protocols;
using Tollgate.Gateway.Relay;

namespace Tollgate.Benchmarks;

/// <summary>
/// What keeping a stream's generated text costs the relay on the normal path (every delta read, nothing tokenised),
/// and what counting it costs when a stream ends without its final usage. Same streams as <see cref="SseEventsBenchmarks"/>.
/// </summary>
[MemoryDiagnoser]
public class StreamOutputTextBenchmarks
{
    [Benchmark(Baseline = true, Description = "OpenAI stream, 47 events: keep the text of every delta")]
    public int OpenAIKeep()
    {
        var text = KeepOpenAI();
        var length = text.Length;
        text.Release();
        return length;
    }

    [Benchmark(Description = "Anthropic stream, 49 events: keep the text of every delta")]
    public int AnthropicKeep()
    {
        ReadOnlySpan<byte> buffer = Payloads.AnthropicStream;
        var text = default(StreamOutputText);
        while (true)
        {
            var length = SseEvents.CompleteEventLength(buffer);
            if (length < 0)
            {
                break;
            }

            var sseEvent = buffer[..length];
            if (SseEvents.Name(sseEvent).SequenceEqual("content_block_delta"u8))
            {
                text.ReadAnthropicDelta(SseEvents.Data(sseEvent));
            }

            buffer = buffer[length..];
        }

        var kept = text.Length;
        text.Release();
        return kept;
    }

    [Benchmark(Description = "OpenAI stream, 47 events: keep, then count (a stream cut before its usage)")]
    public long OpenAIKeepAndCount()
    {
        var text = KeepOpenAI();
        var tokens = text.CountTokens("gpt-4o-mini");
        text.Release();
        return tokens;
    }

    private static StreamOutputText KeepOpenAI()
    {
        ReadOnlySpan<byte> buffer = Payloads.OpenAIStream;
        var text = default(StreamOutputText);
        while (true)
        {
            var length = SseEvents.CompleteEventLength(buffer);
            if (length < 0)
            {
                break;
            }

            var data = SseEvents.Data(buffer[..length]);
            if (!data.SequenceEqual("[DONE]"u8))
            {
                text.ReadOpenAIChunk(data);
            }

            buffer = buffer[length..];
        }

        return text;
    }
}
