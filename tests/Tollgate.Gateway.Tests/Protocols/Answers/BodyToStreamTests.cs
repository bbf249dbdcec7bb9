using System.Text;
using System.Text.Json.Nodes;
using Tollgate.Core.Exchange;
using Tollgate.Gateway.Protocols.Answers;
using Tollgate.Testing;
using static Tollgate.Gateway.Tests.Protocols.Answers.StoredForms;

namespace Tollgate.Gateway.Tests.Protocols.Answers;

/// <summary>
/// A stored whole body served to a stream request: the event stream the provider would have sent for it, framed and
/// ordered as the provider frames and orders it, and assembling back into the same body.
/// </summary>
public sealed class BodyToStreamTests
{
    private const string ToolCallsBody = """{"id":"chatcmpl-tools","object":"chat.completion","created":1755187700,"model":"gpt-4.1-2025-04-14","choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_one","type":"function","function":{"name":"get_weather","arguments":"{\"location\":\"São Paulo\",\"unit\":\"celsius\"}"}},{"id":"call_two","type":"function","function":{"name":"get_time","arguments":"{\"timezone\":\"America/Sao_Paulo\"}"}}],"refusal":null,"annotations":[]},"logprobs":null,"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":83,"completion_tokens":40,"total_tokens":123},"service_tier":"default","system_fingerprint":"fp_b3f1157249"}""";

    private const string TwoChoicesBody = """{"id":"chatcmpl-n2","object":"chat.completion","created":1755187600,"model":"gpt-4o-mini-2024-07-18","choices":[{"index":0,"message":{"role":"assistant","content":"Yes, the invoice is due on 30 September.","refusal":null,"annotations":[]},"logprobs":null,"finish_reason":"stop"},{"index":1,"message":{"role":"assistant","content":"The invoice is due at the end of September.","refusal":null,"annotations":[]},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":20,"completion_tokens":22,"total_tokens":42},"service_tier":"default","system_fingerprint":"fp_1"}""";

    private const string UnknownFieldsChatBody = """{"id":"chatcmpl-x","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"Hi there.","refusal":null,"annotations":[],"x_message":{"a":[1,2]}},"logprobs":null,"finish_reason":"stop","x_choice":true}],"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3,"x_usage":7},"x_top":{"nested":"yes"}}""";

    [Theory]
    [InlineData(ExchangeOperation.ChatCompletions, "openai/chat-completion.json")]
    [InlineData(ExchangeOperation.ChatCompletions, "openai/chat-completion-cache-write.json")]
    [InlineData(ExchangeOperation.Messages, "anthropic/message.json")]
    [InlineData(ExchangeOperation.Messages, "anthropic/message-web-search.json")]
    [InlineData(ExchangeOperation.Responses, "responses/response.json")]
    [InlineData(ExchangeOperation.Responses, "responses/response-function-call.json")]
    [InlineData(ExchangeOperation.Responses, "responses/response-web-search.json")]
    public void A_golden_body_streamed_and_assembled_again_is_the_same_body(ExchangeOperation operation, string file)
    {
        var body = GoldenFiles.Read(file);

        var stream = AnswerForms.ToEventStream(operation, body);

        AssertSameJson(Parse(body), Assemble(operation, stream));
        Assert.True(AnswerForms.Inspect(operation, stream, isEventStream: true).Storable);
    }

    [Theory]
    [InlineData(ToolCallsBody)]
    [InlineData(TwoChoicesBody)]
    [InlineData(UnknownFieldsChatBody)]
    public void A_chat_body_streamed_and_assembled_again_is_the_same_body(string json)
    {
        var stream = AnswerForms.ToEventStream(ExchangeOperation.ChatCompletions, Bytes(json));

        AssertSameJson(Parse(json), Assemble(ExchangeOperation.ChatCompletions, stream));
    }

    [Fact]
    public void A_chat_stream_is_the_one_sent_with_include_usage_every_chunk_with_null_usage_then_the_usage_chunk_then_done()
    {
        var stream = AnswerForms.ToEventStream(ExchangeOperation.ChatCompletions, GoldenFiles.Read("openai/chat-completion.json"));
        var events = AnswerForms.SplitEvents(stream).Select(e => Encoding.UTF8.GetString(e.Span)).ToList();

        Assert.Equal("data: [DONE]\n\n", events[^1]);
        var usageChunk = Parse(Bytes(events[^2][6..]));
        Assert.Empty(usageChunk["choices"]!.AsArray());
        Assert.Equal(2523, usageChunk["usage"]!["total_tokens"]!.GetValue<int>());
        foreach (var chunk in events[..^2])
        {
            // Exactly what the relay elides for a client that did not ask for usage.
            Assert.EndsWith("],\"usage\":null}\n\n", chunk, StringComparison.Ordinal);
            Assert.StartsWith("data: {\"id\":\"chatcmpl-C4kR2mXq8vN1sJ7yTb3wLp0eHd5Gz\",\"object\":\"chat.completion.chunk\",\"created\":1755187201,\"model\":\"o4-mini-2025-04-16\",", chunk, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_chat_streams_text_arrives_in_pieces_of_a_few_words_after_a_role_chunk()
    {
        var stream = AnswerForms.ToEventStream(ExchangeOperation.ChatCompletions, GoldenFiles.Read("openai/chat-completion.json"));
        var chunks = StoredForms.Events(stream).Where(e => e.Data is not null && e.Data["choices"]!.AsArray().Count > 0).Select(e => e.Data!["choices"]![0]!).ToList();

        AssertSameJson(Parse("""{"role":"assistant","content":"","refusal":null}"""), chunks[0]["delta"]!);
        var pieces = chunks.Select(c => c["delta"]!["content"]).Where(c => c is not null).Select(c => c!.GetValue<string>()).Where(p => p.Length > 0).ToList();
        Assert.True(pieces.Count >= 3, $"{pieces.Count} pieces");
        Assert.All(pieces, piece => Assert.InRange(piece.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length, 1, TextPieces.WordsPerPiece));
        Assert.Equal("The invoice total is €1,284.50, due on 30 September.", string.Concat(pieces));
        Assert.Equal("stop", chunks[^1]["finish_reason"]!.GetValue<string>());
    }

    [Fact]
    public void A_chat_tool_call_streams_its_id_type_and_name_first_then_its_arguments_in_pieces()
    {
        var stream = AnswerForms.ToEventStream(ExchangeOperation.ChatCompletions, Bytes(ToolCallsBody));
        var fragments = StoredForms.Events(stream)
            .Where(e => e.Data is not null && e.Data["choices"]!.AsArray().Count > 0)
            .Select(e => e.Data!["choices"]![0]!["delta"]!["tool_calls"])
            .Where(calls => calls is not null)
            .Select(calls => calls!.AsArray().Single()!)
            .ToList();

        var first = fragments.Where(f => f["index"]!.GetValue<int>() == 0).ToList();
        AssertSameJson(Parse("""{"index":0,"id":"call_one","type":"function","function":{"name":"get_weather","arguments":""}}"""), first[0]);
        Assert.True(first.Count > 2);
        Assert.All(first.Skip(1), fragment => Assert.Equal(["index", "function"], fragment.AsObject().Select(p => p.Key)));
        Assert.Equal("{\"location\":\"São Paulo\",\"unit\":\"celsius\"}", string.Concat(first.Select(f => f["function"]!["arguments"]!.GetValue<string>())));
        Assert.Equal("call_two", fragments.First(f => f["index"]!.GetValue<int>() == 1)["id"]!.GetValue<string>());
    }

    [Fact]
    public void An_anthropic_stream_is_named_and_ordered_as_anthropic_sends_it()
    {
        var stream = AnswerForms.ToEventStream(ExchangeOperation.Messages, GoldenFiles.Read("anthropic/message.json"));
        var events = StoredForms.Events(stream);

        Assert.All(events, e => Assert.Equal(e.Name, e.Data!["type"]!.GetValue<string>()));
        var names = events.Select(e => e.Name).ToList();
        Assert.Equal(["message_start", "content_block_start", "ping"], names[..3]);
        Assert.Equal(["content_block_stop", "message_delta", "message_stop"], names[^3..]);
        Assert.True(names.Count(n => n == "content_block_delta") > 3);

        // message_start: nothing generated yet; the input side of the usage is final, output has begun.
        AssertSameJson(
            Parse("""{"model":"claude-sonnet-4-5-20250929","id":"msg_01XFDUDYJgAACzvnptvVoYEL","type":"message","role":"assistant","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":48,"cache_creation_input_tokens":2051,"cache_read_input_tokens":8192,"cache_creation":{"ephemeral_5m_input_tokens":1539,"ephemeral_1h_input_tokens":512},"output_tokens":1,"service_tier":"standard"}}"""),
            events[0].Data!["message"]!);
        AssertSameJson(
            Parse("""{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"input_tokens":48,"cache_creation_input_tokens":2051,"cache_read_input_tokens":8192,"output_tokens":41}}"""),
            events[^2].Data!);
    }

    [Fact]
    public void An_anthropic_body_with_thinking_a_redacted_block_citations_and_a_tool_streams_each_as_anthropic_does()
    {
        var json = StreamToBodyTests.ThinkingMessage.Replace(
            "\"stop_reason\":\"end_turn\"",
            "\"stop_reason\":\"tool_use\"",
            StringComparison.Ordinal).Replace(
            "]}],\"stop_reason\"",
            "]},{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"get_weather\",\"input\":{\"location\":\"Zürich\",\"days\":[1,2]}}],\"stop_reason\"",
            StringComparison.Ordinal);
        Assert.Contains("toolu_1", json, StringComparison.Ordinal);

        var stream = AnswerForms.ToEventStream(ExchangeOperation.Messages, Bytes(json));
        var events = StoredForms.Events(stream);
        var deltaTypes = events.Where(e => e.Name == "content_block_delta").Select(e => (e.Data!["index"]!.GetValue<int>(), e.Data!["delta"]!["type"]!.GetValue<string>())).Distinct().ToList();
        var starts = events.Where(e => e.Name == "content_block_start").Select(e => e.Data!["content_block"]!).ToList();

        AssertSameJson(Parse(json), Assemble(ExchangeOperation.Messages, stream));
        Assert.Equal([(0, "thinking_delta"), (0, "signature_delta"), (2, "citations_delta"), (2, "text_delta"), (3, "input_json_delta")], deltaTypes);
        AssertSameJson(Parse("""{"type":"thinking","thinking":"","signature":""}"""), starts[0]);
        AssertSameJson(Parse("""{"type":"redacted_thinking","data":"EmwKAhgBEgy3va3pzix/LafPsn4a"}"""), starts[1]);
        AssertSameJson(Parse("""{"type":"text","text":""}"""), starts[2]);
        AssertSameJson(Parse("""{"type":"tool_use","id":"toolu_1","name":"get_weather","input":{}}"""), starts[3]);
    }

    [Fact]
    public void A_response_stream_names_and_numbers_every_event_and_brackets_the_output_with_created_and_completed()
    {
        var body = GoldenFiles.Read("responses/response.json");
        var stream = AnswerForms.ToEventStream(ExchangeOperation.Responses, body);
        var events = StoredForms.Events(stream);

        Assert.All(events, e => Assert.Equal(e.Name, e.Data!["type"]!.GetValue<string>()));
        Assert.Equal(Enumerable.Range(0, events.Count), events.Select(e => e.Data!["sequence_number"]!.GetValue<int>()));
        Assert.Equal(
            [
                "response.created", "response.in_progress",
                "response.output_item.added", "response.output_item.done",
                "response.output_item.added", "response.content_part.added",
            ],
            events.Select(e => e.Name).Take(6));
        Assert.Equal(["response.output_text.done", "response.content_part.done", "response.output_item.done", "response.completed"], events.Select(e => e.Name).TakeLast(4));
        var running = events[1].Data!["response"]!;
        Assert.Equal("in_progress", running["status"]!.GetValue<string>());
        Assert.Empty(running["output"]!.AsArray());
        Assert.Null(running["usage"]);
        AssertSameJson(Parse(body), events[^1].Data!["response"]!);
        var deltas = events.Where(e => e.Name == "response.output_text.delta").Select(e => e.Data!["delta"]!.GetValue<string>()).ToList();
        Assert.True(deltas.Count > 2);
        Assert.Equal("Die Antwort lautet 42 – mehr weiß ich nicht.", string.Concat(deltas));
    }

    [Fact]
    public void A_response_function_call_streams_its_arguments_in_pieces_then_whole()
    {
        var stream = AnswerForms.ToEventStream(ExchangeOperation.Responses, GoldenFiles.Read("responses/response-function-call.json"));
        var events = StoredForms.Events(stream);

        var added = events.Single(e => e.Name == "response.output_item.added").Data!["item"]!;
        Assert.Equal("in_progress", added["status"]!.GetValue<string>());
        Assert.Equal(string.Empty, added["arguments"]!.GetValue<string>());
        var deltas = events.Where(e => e.Name == "response.function_call_arguments.delta").Select(e => e.Data!).ToList();
        Assert.True(deltas.Count > 1);
        Assert.All(deltas, d => Assert.Equal("fc_68a2b7c2e3f4a5b6c7d8e9f0a1b2c3d4e5f60718293a4b5c", d["item_id"]!.GetValue<string>()));
        Assert.Equal("{\"location\":\"São Paulo\"}", string.Concat(deltas.Select(d => d["delta"]!.GetValue<string>())));
        var done = events.Single(e => e.Name == "response.function_call_arguments.done").Data!;
        Assert.Equal("{\"location\":\"São Paulo\"}", done["arguments"]!.GetValue<string>());
        Assert.Equal("get_weather", done["name"]!.GetValue<string>());
    }

    [Fact]
    public void Fields_of_a_body_that_are_not_interpreted_survive_the_stream_on_every_protocol()
    {
        var message = """{"id":"msg_x","type":"message","role":"assistant","model":"m","content":[{"type":"text","text":"Hi there.","x_block":1},{"type":"x_new_block","payload":{"k":"v"}}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":1,"output_tokens":2},"x_top":[true]}""";
        var response = GoldenFiles.ReadText("responses/response.json")
            .Replace("\"metadata\": {}", "\"metadata\": {}, \"x_top\": {\"a\": 1}", StringComparison.Ordinal)
            .Replace("\"summary\": []", "\"summary\": [], \"x_item\": 2", StringComparison.Ordinal)
            .Replace("\"logprobs\": [],", "\"logprobs\": [], \"x_part\": \"p\",", StringComparison.Ordinal);
        Assert.Contains("x_part", response, StringComparison.Ordinal);

        AssertSameJson(Parse(message), Assemble(ExchangeOperation.Messages, AnswerForms.ToEventStream(ExchangeOperation.Messages, Bytes(message))));
        AssertSameJson(Parse(response), Assemble(ExchangeOperation.Responses, AnswerForms.ToEventStream(ExchangeOperation.Responses, Bytes(response))));
        AssertSameJson(Parse(UnknownFieldsChatBody), Assemble(ExchangeOperation.ChatCompletions, AnswerForms.ToEventStream(ExchangeOperation.ChatCompletions, Bytes(UnknownFieldsChatBody))));
    }
}
