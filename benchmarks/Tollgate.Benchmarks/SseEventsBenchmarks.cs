using BenchmarkDotNet.Attributes;
using Tollgate.Core.Exchange;
using Tollgate.Gateway.Relay;
using Tollgate.Gateway.Protocols;

namespace Tollgate.Benchmarks;

/// <summary>
/// Scanning a whole stream as the relay does: split it into events, and look into the ones that may carry the
/// model, usage or an error. Each figure is for one complete stream (a role chunk, 43 content chunks, finish,
/// usage and <c>[DONE]</c> for OpenAI; 49 events for Anthropic).
/// </summary>
[MemoryDiagnoser]
public class SseEventsBenchmarks
{
    [Benchmark(Baseline = true, Description = "OpenAI stream, 47 events: frame + inspect")]
    public long OpenAIStream()
    {
        ReadOnlySpan<byte> buffer = Payloads.OpenAIStream;
        var facts = default(ResponseFacts);
        var first = true;
        var events = 0L;
        while (true)
        {
            var length = SseEvents.CompleteEventLength(buffer);
            if (length < 0)
            {
                break;
            }

            var data = SseEvents.Data(buffer[..length]);
            if (!data.SequenceEqual("[DONE]"u8) && (first || SseEvents.HasUsageObject(data) || data.StartsWith("{\"error\""u8)))
            {
                ResponseReader.TryRead(data, WireProtocol.OpenAI, ref facts);
            }

            first = false;
            events++;
            buffer = buffer[length..];
        }

        return events + facts.OutputTokens;
    }

    [Benchmark(Description = "Anthropic stream, 49 events: frame + inspect")]
    public long AnthropicStream()
    {
        ReadOnlySpan<byte> buffer = Payloads.AnthropicStream;
        var facts = default(ResponseFacts);
        var events = 0L;
        while (true)
        {
            var length = SseEvents.CompleteEventLength(buffer);
            if (length < 0)
            {
                break;
            }

            var sseEvent = buffer[..length];
            var name = SseEvents.Name(sseEvent);
            if (name.SequenceEqual("message_start"u8) || name.SequenceEqual("message_delta"u8) || name.SequenceEqual("error"u8))
            {
                ResponseReader.TryRead(SseEvents.Data(sseEvent), WireProtocol.Anthropic, ref facts);
            }

            events++;
            buffer = buffer[length..];
        }

        return events + facts.OutputTokens;
    }

    [Benchmark(Description = "OpenAI stream, 47 events: frame only")]
    public long OpenAIFramingOnly()
    {
        ReadOnlySpan<byte> buffer = Payloads.OpenAIStream;
        var events = 0L;
        while (true)
        {
            var length = SseEvents.CompleteEventLength(buffer);
            if (length < 0)
            {
                break;
            }

            events += SseEvents.Data(buffer[..length]).Length;
            buffer = buffer[length..];
        }

        return events;
    }
}
