using BenchmarkDotNet.Attributes;
using Tollgate.Core.Exchange;
using Tollgate.Gateway.Protocols;

namespace Tollgate.Benchmarks;

/// <summary>Reading the facts the levers need from a request body (one forward pass, no DOM).</summary>
[MemoryDiagnoser]
public class RequestReaderBenchmarks
{
    [Benchmark(Baseline = true, Description = "OpenAI chat, 113 B")]
    public RequestFacts SmallChat() => RequestReader.Read(Payloads.SmallChatRequest, WireProtocol.OpenAI, ExchangeOperation.ChatCompletions).Facts;

    [Benchmark(Description = "OpenAI chat, 21 messages + tools, 4 KB")]
    public RequestFacts LargeChat() => RequestReader.Read(Payloads.LargeChatRequest, WireProtocol.OpenAI, ExchangeOperation.ChatCompletions).Facts;

    [Benchmark(Description = "Anthropic messages, 207 B")]
    public RequestFacts Anthropic() => RequestReader.Read(Payloads.AnthropicRequest, WireProtocol.Anthropic, ExchangeOperation.Messages).Facts;
}
