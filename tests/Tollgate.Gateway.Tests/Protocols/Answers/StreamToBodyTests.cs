using System.Text;
using System.Text.Json.Nodes;
using Tollgate.Core.Exchange;
using Tollgate.Gateway.Protocols.Answers;
using Tollgate.Testing;
using static Tollgate.Gateway.Tests.Protocols.Answers.StoredForms;

namespace Tollgate.Gateway.Tests.Protocols.Answers;

/// <summary>
/// A stored stream served to a request without <c>stream</c>: assembled into the whole body the provider would have
/// answered. Expected bodies are written by hand from the golden streams named in each test.
/// </summary>
public sealed class StreamToBodyTests
{
    [Fact]
    public void A_chat_stream_becomes_the_chat_completion_openai_answers_whole()
    {
        var body = AnswerForms.ToBody(ExchangeOperation.ChatCompletions, AnswerForms.SplitEvents(GoldenFiles.Read("openai/chat-stream-include-usage.sse")));

        // Field order as OpenAI writes chat.completion, UTF-8 as it writes it; refusal null and annotations empty as it
        // answers whole; the chunks' obfuscation is a stream's own field and goes.
        Assert.Equal(
            """{"id":"chatcmpl-C4kT7hWz3nB5qXr1Lm9sKd2vFa6Pe","object":"chat.completion","created":1755187410,"model":"gpt-4o-mini-2024-07-18","choices":[{"index":0,"message":{"role":"assistant","content":"Bonjour à tous ! 👋","refusal":null,"annotations":[]},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":1230,"completion_tokens":9,"total_tokens":1239,"prompt_tokens_details":{"cached_tokens":1152,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}},"service_tier":"default","system_fingerprint":"fp_560af6e559"}""",
            Encoding.UTF8.GetString(body));
    }

    [Fact]
    public void A_chat_streams_tool_call_fragments_merge_into_one_call_with_whole_arguments()
    {
        var body = AssembleGolden(ExchangeOperation.ChatCompletions, "openai/chat-stream-tool-calls.sse");

        var choice = body["choices"]![0]!;
        AssertSameJson(
            Parse("""{"role":"assistant","content":null,"tool_calls":[{"id":"call_Xq2bV7nLk9sR4tYw1mJc8pDe","type":"function","function":{"name":"get_current_weather","arguments":"{\"location\":\"São Paulo\",\"unit\":\"celsius\"}"}}],"refusal":null,"annotations":[]}"""),
            choice["message"]!);
        Assert.Equal("tool_calls", choice["finish_reason"]!.GetValue<string>());
        Assert.Equal(101, body["usage"]!["total_tokens"]!.GetValue<int>());
    }

    [Fact]
    public void A_chat_stream_with_two_choices_interleaved_gives_both_in_index_order_with_their_logprobs()
    {
        var stream = Bytes(
            Chunk("""{"index":1,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}""") +
            Chunk("""{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}""") +
            Chunk("""{"index":0,"delta":{"content":"Yes"},"logprobs":{"content":[{"token":"Yes","logprob":-0.1,"bytes":[89,101,115],"top_logprobs":[]}],"refusal":null},"finish_reason":null}""") +
            Chunk("""{"index":1,"delta":{"content":"No"},"logprobs":{"content":[{"token":"No","logprob":-0.7,"bytes":[78,111],"top_logprobs":[]}],"refusal":null},"finish_reason":null}""") +
            Chunk("""{"index":0,"delta":{"content":"!"},"logprobs":{"content":[{"token":"!","logprob":-0.2,"bytes":[33],"top_logprobs":[]}],"refusal":null},"finish_reason":null}""") +
            Chunk("""{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}""") +
            Chunk("""{"index":1,"delta":{},"logprobs":null,"finish_reason":"stop"}""") +
            UsageChunk("""{"prompt_tokens":9,"completion_tokens":3,"total_tokens":12}""") +
            "data: [DONE]\n\n");

        var body = Assemble(ExchangeOperation.ChatCompletions, stream);

        AssertSameJson(
            JsonNode.Parse("""
                [
                  {"index":0,"message":{"role":"assistant","content":"Yes!","refusal":null,"annotations":[]},"logprobs":{"content":[{"token":"Yes","logprob":-0.1,"bytes":[89,101,115],"top_logprobs":[]},{"token":"!","logprob":-0.2,"bytes":[33],"top_logprobs":[]}],"refusal":null},"finish_reason":"stop"},
                  {"index":1,"message":{"role":"assistant","content":"No","refusal":null,"annotations":[]},"logprobs":{"content":[{"token":"No","logprob":-0.7,"bytes":[78,111],"top_logprobs":[]}],"refusal":null},"finish_reason":"stop"}
                ]
                """)!,
            body["choices"]!);
    }

    [Fact]
    public void Fields_a_chat_stream_carries_that_are_not_interpreted_survive_into_the_body()
    {
        var stream = Bytes(
            "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"x_provider\":{\"region\":\"eu\"},\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"reasoning_content\":\"Think\"},\"finish_reason\":null}],\"usage\":null}\n\n" +
            Chunk("""{"index":0,"delta":{"reasoning_content":"ing.","content":"Done."},"finish_reason":null}""") +
            Chunk("""{"index":0,"delta":{},"finish_reason":"stop","stop_reason":42}""") +
            UsageChunk("""{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3}""") +
            "data: [DONE]\n\n");

        var body = Assemble(ExchangeOperation.ChatCompletions, stream);

        Assert.Equal("eu", body["x_provider"]!["region"]!.GetValue<string>());
        Assert.Equal("Thinking.", body["choices"]![0]!["message"]!["reasoning_content"]!.GetValue<string>());
        Assert.Equal("Done.", body["choices"]![0]!["message"]!["content"]!.GetValue<string>());
        Assert.Equal(42, body["choices"]![0]!["stop_reason"]!.GetValue<int>());
    }

    [Fact]
    public void An_anthropic_stream_becomes_its_message_with_the_tool_input_parsed_and_the_usage_merged()
    {
        var body = AssembleGolden(ExchangeOperation.Messages, "anthropic/message-stream-tool-use.sse");

        // message_start's message, its content rebuilt; message_delta's cumulative usage laid over the start's, whose
        // cache_creation split and service_tier it does not repeat.
        AssertSameJson(
            Parse("""{"model":"claude-haiku-4-5-20251001","id":"msg_01Hk7wQb3RzN9pLm2VxT5cYd","type":"message","role":"assistant","content":[{"type":"text","text":"Ich prüfe das Wetter in Zürich."},{"type":"tool_use","id":"toolu_01T1x1fJ34qAmk2tNTrN7Up6","name":"get_weather","input":{"location":"Zürich"}}],"stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":22,"cache_creation_input_tokens":1310,"cache_read_input_tokens":4608,"cache_creation":{"ephemeral_5m_input_tokens":1310,"ephemeral_1h_input_tokens":0},"output_tokens":87,"service_tier":"standard"}}"""),
            body);
    }

    [Fact]
    public void An_anthropic_web_search_stream_keeps_the_search_blocks_as_their_start_gave_them()
    {
        var stream = GoldenFiles.Read("anthropic/message-stream-web-search.sse");
        var resultStart = StoredForms.Events(stream).Single(e => e.Name == "content_block_start" && e.Data!["index"]!.GetValue<int>() == 1).Data!;

        var body = Assemble(ExchangeOperation.Messages, stream);

        var content = body["content"]!.AsArray();
        Assert.Equal(3, content.Count);
        AssertSameJson(Parse("""{"type":"server_tool_use","id":"srvtoolu_01WYG3ziw53XMcoyKL4XcZmE","name":"web_search","input":{"query":"Rhein Pegel Kaub aktuell"}}"""), content[0]!);
        AssertSameJson(resultStart["content_block"]!, content[1]!);
        Assert.Equal("Der Pegel Kaub liegt bei 78 cm – Niedrigwasser für die Schifffahrt.", content[2]!["text"]!.GetValue<string>());
        Assert.Equal(10682, body["usage"]!["input_tokens"]!.GetValue<int>());
        Assert.Equal(1, body["usage"]!["server_tool_use"]!["web_search_requests"]!.GetValue<int>());
    }

    [Fact]
    public void An_anthropic_stream_with_thinking_keeps_the_thinking_its_signature_the_redacted_block_and_the_citations()
    {
        var body = Assemble(ExchangeOperation.Messages, Bytes(ThinkingStream));

        AssertSameJson(Parse(ThinkingMessage), body);
    }

    [Fact]
    public void A_response_stream_becomes_the_response_of_its_completed_event_byte_for_byte()
    {
        var stream = GoldenFiles.Read("responses/response-stream-function-call.sse");
        var completed = GoldenFiles.ReadText("responses/response-stream-function-call.sse").Split("\n").Single(line => line.StartsWith("data: {\"type\":\"response.completed\"", StringComparison.Ordinal));
        var response = completed[(completed.IndexOf("\"response\":", StringComparison.Ordinal) + 11)..completed.LastIndexOf(",\"sequence_number\"", StringComparison.Ordinal)];

        var body = AnswerForms.ToBody(ExchangeOperation.Responses, AnswerForms.SplitEvents(stream));

        Assert.Equal(response, Encoding.UTF8.GetString(body));
    }

    /// <summary>Anthropic's streaming of extended thinking, with a redacted block and a cited text (from the streaming and citations references).</summary>
    internal const string ThinkingStream =
        "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_01Th\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5-20250929\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":778,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,\"output_tokens\":5,\"service_tier\":\"standard\"}}}\n\n" +
        "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"\"}}\n\n" +
        "event: ping\ndata: {\"type\": \"ping\"}\n\n" +
        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"The contract ends\"}}\n\n" +
        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\" on 31 March.\"}}\n\n" +
        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"signature_delta\",\"signature\":\"EqQBCgIYAhIM1gbcDa9GJwZA2b3h\"}}\n\n" +
        "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n" +
        "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"redacted_thinking\",\"data\":\"EmwKAhgBEgy3va3pzix/LafPsn4a\"}}\n\n" +
        "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":1}\n\n" +
        "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":2,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n" +
        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":2,\"delta\":{\"type\":\"citations_delta\",\"citation\":{\"type\":\"char_location\",\"cited_text\":\"ends on 31 March\",\"document_index\":0,\"document_title\":\"Contract\",\"start_char_index\":12,\"end_char_index\":28}}}\n\n" +
        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":2,\"delta\":{\"type\":\"text_delta\",\"text\":\"It ends\"}}\n\n" +
        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":2,\"delta\":{\"type\":\"text_delta\",\"text\":\" on 31 March.\"}}\n\n" +
        "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":2}\n\n" +
        "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":112}}\n\n" +
        "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";

    internal const string ThinkingMessage =
        """{"id":"msg_01Th","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929","content":[{"type":"thinking","thinking":"The contract ends on 31 March.","signature":"EqQBCgIYAhIM1gbcDa9GJwZA2b3h"},{"type":"redacted_thinking","data":"EmwKAhgBEgy3va3pzix/LafPsn4a"},{"type":"text","text":"It ends on 31 March.","citations":[{"type":"char_location","cited_text":"ends on 31 March","document_index":0,"document_title":"Contract","start_char_index":12,"end_char_index":28}]}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":778,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":112,"service_tier":"standard"}}""";

    private static string Chunk(string choice) =>
        "data: {\"id\":\"chatcmpl-n2\",\"object\":\"chat.completion.chunk\",\"created\":1755187600,\"model\":\"gpt-4o-mini-2024-07-18\",\"system_fingerprint\":\"fp_1\",\"choices\":[" + choice + "],\"usage\":null}\n\n";

    private static string UsageChunk(string usage) =>
        "data: {\"id\":\"chatcmpl-n2\",\"object\":\"chat.completion.chunk\",\"created\":1755187600,\"model\":\"gpt-4o-mini-2024-07-18\",\"system_fingerprint\":\"fp_1\",\"choices\":[],\"usage\":" + usage + "}\n\n";
}
