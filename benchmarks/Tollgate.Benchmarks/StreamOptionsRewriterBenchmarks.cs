using BenchmarkDotNet.Attributes;
using Tollgate.Core.Exchange;
using Tollgate.Gateway.Protocols;

namespace Tollgate.Benchmarks;

/// <summary>Making an OpenAI stream request report usage by splicing <c>stream_options.include_usage</c> into its bytes.</summary>
[MemoryDiagnoser]
public class StreamOptionsRewriterBenchmarks
{
    private RequestFacts _plain;
    private RequestFacts _withOptions;

    [GlobalSetup]
    public void Setup()
    {
        _plain = RequestReader.Read(Payloads.StreamChatRequest, WireProtocol.OpenAI, ExchangeOperation.ChatCompletions).Facts;
        _withOptions = RequestReader.Read(Payloads.StreamChatRequestWithOptions, WireProtocol.OpenAI, ExchangeOperation.ChatCompletions).Facts;
    }

    [Benchmark(Baseline = true, Description = "no stream_options: append the property")]
    public int Append() => StreamOptionsRewriter.WithUsage(Payloads.StreamChatRequest, _plain).Length;

    [Benchmark(Description = "stream_options present: rewrite the object")]
    public int Rewrite() => StreamOptionsRewriter.WithUsage(Payloads.StreamChatRequestWithOptions, _withOptions).Length;
}
