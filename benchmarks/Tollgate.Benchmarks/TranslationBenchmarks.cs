using System.Text;
using BenchmarkDotNet.Attributes;
using Tollgate.Core.Exchange;
using Tollgate.Core.Ledger;
using Tollgate.Core.PromptCaching;
using Tollgate.Core.Requests;
using Tollgate.Gateway.PromptCaching;
using Tollgate.Providers.Translation;

namespace Tollgate.Benchmarks;

/// <summary>
/// Translation of one non-stream call across families: a 2 KB request (system prompt, a tool, a tool call round trip)
/// and its answer, each way, and an Anthropic stream of 14 events read as OpenAI chat chunks.
/// </summary>
[MemoryDiagnoser]
public class TranslationBenchmarks
{
    private static readonly string Filler = string.Join(' ', Enumerable.Repeat("The quarterly ledger lists every harbour fee by vessel and tide.", 19));

    private static readonly byte[] ChatRequest = Encoding.UTF8.GetBytes("""
        {"model":"gpt-4.1","max_completion_tokens":400,"temperature":0.2,"messages":[
          {"role":"system","content":"You are the harbour office's assistant. Answer briefly and cite the ledger section."},
          {"role":"user","content":"FILLER"},
          {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"lookup_fee","arguments":"{\"vessel\":\"Nordlys\",\"tide\":\"morning\"}"}}]},
          {"role":"tool","tool_call_id":"call_1","content":"Fee 1,240 NOK, section 4.2."},
          {"role":"user","content":"And the evening tide?"}],
         "tools":[{"type":"function","function":{"name":"lookup_fee","description":"Harbour fee of a vessel at a tide","parameters":{"type":"object","properties":{"vessel":{"type":"string"},"tide":{"type":"string","enum":["morning","evening"]}},"required":["vessel","tide"]}}}]}
        """.Replace("FILLER", Filler, StringComparison.Ordinal));

    private static readonly byte[] MessagesRequest = Encoding.UTF8.GetBytes("""
        {"model":"claude-sonnet-4-5","max_tokens":400,"temperature":0.2,"system":"You are the harbour office's assistant. Answer briefly and cite the ledger section.","messages":[
          {"role":"user","content":"FILLER"},
          {"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"lookup_fee","input":{"vessel":"Nordlys","tide":"morning"}}]},
          {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"Fee 1,240 NOK, section 4.2."},{"type":"text","text":"And the evening tide?"}]}],
         "tools":[{"name":"lookup_fee","description":"Harbour fee of a vessel at a tide","input_schema":{"type":"object","properties":{"vessel":{"type":"string"},"tide":{"type":"string","enum":["morning","evening"]}},"required":["vessel","tide"]}}]}
        """.Replace("FILLER", Filler, StringComparison.Ordinal));

    private static readonly byte[] AnthropicAnswer = Encoding.UTF8.GetBytes("""
        {"model":"claude-sonnet-4-5-20250929","id":"msg_01XFDUDYJgAACzvnptvVoYEL","type":"message","role":"assistant","content":[{"type":"text","text":"The evening tide fee for Nordlys is 1,310 NOK (section 4.2), seventy more than the morning's."}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":48,"cache_creation_input_tokens":0,"cache_read_input_tokens":512,"output_tokens":41}}
        """);

    private static readonly byte[] ChatAnswer = Encoding.UTF8.GetBytes("""
        {"id":"chatcmpl-C4kS9pLw2cQ6xHn4Vr8tMb1aYe3Ju","object":"chat.completion","created":1755187322,"model":"gpt-4.1-2025-04-14","choices":[{"index":0,"message":{"role":"assistant","content":"The evening tide fee for Nordlys is 1,310 NOK (section 4.2), seventy more than the morning's.","refusal":null,"annotations":[]},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":560,"completion_tokens":41,"total_tokens":601,"prompt_tokens_details":{"cached_tokens":512}}}
        """);

    private static readonly byte[] AnthropicStream = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "message-stream-tool-use.sse"));

    private readonly byte[] _readBuffer = new byte[16 * 1024];

    [GlobalSetup]
    public void Check()
    {
        if (ChatRequest.Length is < 1900 or > 2300 || MessagesRequest.Length is < 1900 or > 2300)
        {
            throw new InvalidOperationException($"The requests should be about 2 KB: {ChatRequest.Length} B and {MessagesRequest.Length} B.");
        }
    }

    [Benchmark(Baseline = true, Description = "OpenAI chat request → Anthropic, 2 KB")]
    public int ChatRequestToMessages() =>
        RequestTranslation.Translate(TranslationRoute.ChatToMessages, ChatRequest, "claude-sonnet-4-5", 64000, out _, out _)!.Length;

    /// <summary>
    /// The request as the call stage sends it to Claude when the gateway adds cache breakpoints to the translated body
    /// (<c>PromptCacheHints.AddToTranslated</c>): the client's hints looked for, the translated layout read, the
    /// breakpoints spliced in. The minimum is lowered to 256 tokens so this 2 KB request gets them.
    /// </summary>
    [Benchmark(Description = "OpenAI chat request → Anthropic with cache breakpoints, 2 KB")]
    public int ChatRequestToMessagesWithBreakpoints()
    {
        var translated = RequestTranslation.Translate(TranslationRoute.ChatToMessages, ChatRequest, "claude-sonnet-4-5", 64000, out _, out _)!;
        if (PromptLayout.HasHints(ChatRequest, WireProtocol.OpenAI))
        {
            return translated.Length;
        }

        var layout = PromptLayout.Read(translated, WireProtocol.Anthropic, ExchangeOperation.Messages);
        var edits = new RequestEdits();
        edits.MarkCacheBreakpoints(PromptCacheHints.Breakpoints(layout, 256), Levers.PromptCache);
        return RequestBodyEditor.Apply(translated, WireProtocol.Anthropic, ExchangeOperation.Messages, edits).Length;
    }

    [Benchmark(Description = "Anthropic answer → OpenAI chat")]
    public int MessagesAnswerToChat()
    {
        using var output = new PooledBuffer();
        AnswerTranslation.TryTranslate(TranslationRoute.ChatToMessages, 200, AnthropicAnswer, output);
        return output.WrittenCount;
    }

    [Benchmark(Description = "call OpenAI → Anthropic (request + answer)")]
    public int ChatCallThroughAnthropic() => ChatRequestToMessages() + MessagesAnswerToChat();

    [Benchmark(Description = "call Anthropic → OpenAI (request + answer)")]
    public int MessagesCallThroughOpenAI()
    {
        var request = RequestTranslation.Translate(TranslationRoute.MessagesToChat, MessagesRequest, "gpt-4.1", null, out _, out _)!;
        using var output = new PooledBuffer();
        AnswerTranslation.TryTranslate(TranslationRoute.MessagesToChat, 200, ChatAnswer, output);
        return request.Length + output.WrittenCount;
    }

    [Benchmark(Description = "Anthropic stream (14 events) → OpenAI chunks")]
    public async Task<int> StreamToChat()
    {
        await using var stream = new TranslatingEventStream(new MemoryStream(AnthropicStream, writable: false), AnswerTranslation.ForStream(TranslationRoute.ChatToMessages, includeUsage: true));
        var total = 0;
        int read;
        while ((read = await stream.ReadAsync(_readBuffer)) > 0)
        {
            total += read;
        }

        return total;
    }
}
