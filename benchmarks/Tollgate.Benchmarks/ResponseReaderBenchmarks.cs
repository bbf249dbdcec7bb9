using BenchmarkDotNet.Attributes;
using Tollgate.Core.Exchange;
using Tollgate.Gateway.Protocols;

namespace Tollgate.Benchmarks;

/// <summary>Reading model, usage and error type from a provider answer.</summary>
[MemoryDiagnoser]
public class ResponseReaderBenchmarks
{
    [Benchmark(Baseline = true, Description = "OpenAI chat.completion, 869 B")]
    public long OpenAIResponse()
    {
        var facts = default(ResponseFacts);
        ResponseReader.TryRead(Payloads.ChatCompletionResponse, WireProtocol.OpenAI, ref facts);
        return facts.OutputTokens;
    }

    [Benchmark(Description = "Anthropic message, 417 B")]
    public long AnthropicResponse()
    {
        var facts = default(ResponseFacts);
        ResponseReader.TryRead(Payloads.AnthropicMessageResponse, WireProtocol.Anthropic, ref facts);
        return facts.OutputTokens;
    }

    [Benchmark(Description = "OpenAI include_usage chunk")]
    public long UsageChunk()
    {
        var facts = default(ResponseFacts);
        ResponseReader.TryRead(Payloads.UsageChunk, WireProtocol.OpenAI, ref facts);
        return facts.OutputTokens;
    }
}
