using BenchmarkDotNet.Attributes;
using Tollgate.Core.Exchange;
using Tollgate.Core.Requests;

namespace Tollgate.Benchmarks;

/// <summary>
/// Applying recorded request edits to the original body: nothing to do, the stream usage switch (appended, or
/// merged into the client's own <c>stream_options</c>), and five edits at once.
/// </summary>
[MemoryDiagnoser]
public class RequestBodyEditorBenchmarks
{
    private readonly RequestEdits _none = new();
    private readonly RequestEdits _usage = new();
    private RequestEdits _five = new();

    [GlobalSetup]
    public void Setup()
    {
        _usage.IncludeStreamUsage("usage");
        _five = RecordFive();
    }

    [Benchmark(Description = "no edits: the original back")]
    public int NoEdits() => RequestBodyEditor.Apply(Payloads.StreamChatRequest, WireProtocol.OpenAI, ExchangeOperation.ChatCompletions, _none).Length;

    [Benchmark(Description = "edit: append stream_options")]
    public int EditAppend() => RequestBodyEditor.Apply(Payloads.StreamChatRequest, WireProtocol.OpenAI, ExchangeOperation.ChatCompletions, _usage).Length;

    [Benchmark(Description = "edit: rewrite stream_options")]
    public int EditRewrite() => RequestBodyEditor.Apply(Payloads.StreamChatRequestWithOptions, WireProtocol.OpenAI, ExchangeOperation.ChatCompletions, _usage).Length;

    [Benchmark(Description = "five edits, 127 B stream request")]
    public int FiveEditsSmall() => RequestBodyEditor.Apply(Payloads.StreamChatRequest, WireProtocol.OpenAI, ExchangeOperation.ChatCompletions, _five).Length;

    [Benchmark(Description = "five edits, 4 KB conversation")]
    public int FiveEditsLarge() => RequestBodyEditor.Apply(Payloads.LargeChatRequest, WireProtocol.OpenAI, ExchangeOperation.ChatCompletions, _five).Length;

    [Benchmark(Description = "record five edits + apply, 127 B stream request")]
    public int RecordAndApplyFive() => RequestBodyEditor.Apply(Payloads.StreamChatRequest, WireProtocol.OpenAI, ExchangeOperation.ChatCompletions, RecordFive()).Length;

    private static RequestEdits RecordFive()
    {
        var edits = new RequestEdits();
        edits.SetModel("gpt-4.1-nano", "route");
        edits.SetMaxOutputTokens(256, "budget");
        edits.IncludeStreamUsage("usage");
        edits.AddStopSequence("</answer>", "shape");
        edits.AppendToSystemPrompt("Answer in at most three sentences.", "shape");
        return edits;
    }
}
