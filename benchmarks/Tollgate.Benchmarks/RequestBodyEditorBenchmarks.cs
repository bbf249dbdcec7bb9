using BenchmarkDotNet.Attributes;
using Tollgate.Core.Exchange;
using Tollgate.Core.Requests;
using Tollgate.Gateway.Protocols;

namespace Tollgate.Benchmarks;

/// <summary>
/// Applying recorded request edits to the original body: nothing to do, the stream usage switch (next to the
/// byte splice it replaces, in the same run), and five edits at once.
/// </summary>
[MemoryDiagnoser]
public class RequestBodyEditorBenchmarks
{
    private readonly RequestEdits _none = new();
    private readonly RequestEdits _usage = new();
    private RequestEdits _five = new();
    private RequestFacts _plain;
    private RequestFacts _withOptions;

    [GlobalSetup]
    public void Setup()
    {
        _plain = RequestReader.Read(Payloads.StreamChatRequest, WireProtocol.OpenAI, ExchangeOperation.ChatCompletions).Facts;
        _withOptions = RequestReader.Read(Payloads.StreamChatRequestWithOptions, WireProtocol.OpenAI, ExchangeOperation.ChatCompletions).Facts;
        _usage.IncludeStreamUsage("usage");
        _five = RecordFive();

        // The comparison only means something if both produce the same body.
        foreach (var (body, facts) in new[] { (Payloads.StreamChatRequest, _plain), (Payloads.StreamChatRequestWithOptions, _withOptions) })
        {
            var edited = RequestBodyEditor.Apply(body, WireProtocol.OpenAI, ExchangeOperation.ChatCompletions, _usage);
            if (!edited.Span.SequenceEqual(StreamOptionsRewriter.WithUsage(body, facts)))
            {
                throw new InvalidOperationException("The edit and the splice disagree on " + System.Text.Encoding.UTF8.GetString(body));
            }
        }
    }

    [Benchmark(Description = "no edits: the original back")]
    public int NoEdits() => RequestBodyEditor.Apply(Payloads.StreamChatRequest, WireProtocol.OpenAI, ExchangeOperation.ChatCompletions, _none).Length;

    [Benchmark(Baseline = true, Description = "splice (StreamOptionsRewriter): append stream_options")]
    public int SpliceAppend() => StreamOptionsRewriter.WithUsage(Payloads.StreamChatRequest, _plain).Length;

    [Benchmark(Description = "edit: append stream_options")]
    public int EditAppend() => RequestBodyEditor.Apply(Payloads.StreamChatRequest, WireProtocol.OpenAI, ExchangeOperation.ChatCompletions, _usage).Length;

    [Benchmark(Description = "splice (StreamOptionsRewriter): rewrite stream_options")]
    public int SpliceRewrite() => StreamOptionsRewriter.WithUsage(Payloads.StreamChatRequestWithOptions, _withOptions).Length;

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
