using System.Text;
using Tollgate.Core.Exchange;
using Tollgate.Gateway.Protocols.Answers;
using Tollgate.Testing;
using static Tollgate.Gateway.Tests.Protocols.Answers.StoredForms;

namespace Tollgate.Gateway.Tests.Protocols.Answers;

/// <summary>
/// Which recorded answers the cache may keep: complete, successful ones only. Each refusal names its reason; the
/// provider bytes are the golden files (written from the API references) or small edits of them.
/// </summary>
public sealed class AnswerInspectionTests
{
    private const string ChatBody = """{"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"message":{"role":"assistant","content":"Fine.","refusal":null,"annotations":[]},"logprobs":null,"finish_reason":"FINISH"}],"usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}}""";

    private const string MessageBody = """{"id":"msg_1","type":"message","role":"assistant","model":"claude-haiku-4-5","content":[{"type":"text","text":"Fine."}],"stop_reason":"STOP","stop_sequence":null,"usage":{"input_tokens":5,"output_tokens":2}}""";

    [Theory]
    [InlineData(ExchangeOperation.ChatCompletions, "openai/chat-completion.json")]
    [InlineData(ExchangeOperation.ChatCompletions, "openai/chat-completion-cache-write.json")]
    [InlineData(ExchangeOperation.Messages, "anthropic/message.json")]
    [InlineData(ExchangeOperation.Messages, "anthropic/message-web-search.json")]
    [InlineData(ExchangeOperation.Responses, "responses/response.json")]
    [InlineData(ExchangeOperation.Responses, "responses/response-function-call.json")]
    [InlineData(ExchangeOperation.Responses, "responses/response-web-search.json")]
    public void A_complete_body_may_be_stored(ExchangeOperation operation, string file)
    {
        Assert.Equal(AnswerInspection.Accepted, AnswerForms.Inspect(operation, GoldenFiles.Read(file), isEventStream: false));
    }

    [Theory]
    [InlineData(ExchangeOperation.ChatCompletions, "openai/chat-stream-include-usage.sse")]
    [InlineData(ExchangeOperation.ChatCompletions, "openai/chat-stream-tool-calls.sse")]
    [InlineData(ExchangeOperation.Messages, "anthropic/message-stream-text.sse")]
    [InlineData(ExchangeOperation.Messages, "anthropic/message-stream-tool-use.sse")]
    [InlineData(ExchangeOperation.Messages, "anthropic/message-stream-web-search.sse")]
    [InlineData(ExchangeOperation.Responses, "responses/response-stream.sse")]
    [InlineData(ExchangeOperation.Responses, "responses/response-stream-function-call.sse")]
    public void A_complete_stream_may_be_stored(ExchangeOperation operation, string file)
    {
        Assert.Equal(AnswerInspection.Accepted, AnswerForms.Inspect(operation, GoldenFiles.Read(file), isEventStream: true));
    }

    [Theory]
    [InlineData("length", "truncated")]
    [InlineData("content_filter", "content filtered")]
    [InlineData("something_new", "finish reason something_new")]
    public void A_chat_completion_that_did_not_finish_normally_is_not_stored(string finishReason, string reason)
    {
        var body = Bytes(ChatBody.Replace("FINISH", finishReason, StringComparison.Ordinal));

        Assert.Equal(AnswerInspection.Refused(reason), AnswerForms.Inspect(ExchangeOperation.ChatCompletions, body, isEventStream: false));
    }

    [Fact]
    public void A_chat_completion_that_stopped_or_called_tools_is_stored()
    {
        foreach (var finishReason in new[] { "stop", "tool_calls" })
        {
            var body = Bytes(ChatBody.Replace("FINISH", finishReason, StringComparison.Ordinal));
            Assert.True(AnswerForms.Inspect(ExchangeOperation.ChatCompletions, body, isEventStream: false).Storable, finishReason);
        }
    }

    [Fact]
    public void A_chat_refusal_is_not_stored()
    {
        var body = Bytes(ChatBody.Replace("FINISH", "stop", StringComparison.Ordinal)
            .Replace("\"content\":\"Fine.\",\"refusal\":null", "\"content\":null,\"refusal\":\"I can't help with that.\"", StringComparison.Ordinal));

        Assert.Equal(AnswerInspection.Refused("refusal"), AnswerForms.Inspect(ExchangeOperation.ChatCompletions, body, isEventStream: false));
    }

    [Fact]
    public void A_truncated_chat_stream_is_not_stored()
    {
        var stream = GoldenFiles.ReadText("openai/chat-stream-include-usage.sse").Replace("\"finish_reason\":\"stop\"", "\"finish_reason\":\"length\"", StringComparison.Ordinal);

        Assert.Equal(AnswerInspection.Refused("truncated"), AnswerForms.Inspect(ExchangeOperation.ChatCompletions, Bytes(stream), isEventStream: true));
    }

    [Theory]
    [InlineData("max_tokens", "truncated")]
    [InlineData("model_context_window_exceeded", "truncated")]
    [InlineData("refusal", "refusal")]
    [InlineData("pause_turn", "paused")]
    [InlineData("null", "unfinished")]
    public void An_anthropic_message_that_did_not_end_its_turn_is_not_stored(string stopReason, string reason)
    {
        var value = stopReason == "null" ? "null" : "\"" + stopReason + "\"";
        var body = Bytes(MessageBody.Replace("\"STOP\"", value, StringComparison.Ordinal));

        Assert.Equal(AnswerInspection.Refused(reason), AnswerForms.Inspect(ExchangeOperation.Messages, body, isEventStream: false));
    }

    [Fact]
    public void An_anthropic_message_that_ended_its_turn_hit_a_stop_sequence_or_called_a_tool_is_stored()
    {
        foreach (var stopReason in new[] { "end_turn", "stop_sequence", "tool_use" })
        {
            var body = Bytes(MessageBody.Replace("STOP", stopReason, StringComparison.Ordinal));
            Assert.True(AnswerForms.Inspect(ExchangeOperation.Messages, body, isEventStream: false).Storable, stopReason);
        }
    }

    [Fact]
    public void An_anthropic_stream_stopped_by_max_tokens_is_not_stored()
    {
        var stream = GoldenFiles.ReadText("anthropic/message-stream-text.sse").Replace("\"stop_reason\":\"end_turn\"", "\"stop_reason\":\"max_tokens\"", StringComparison.Ordinal);

        Assert.Equal(AnswerInspection.Refused("truncated"), AnswerForms.Inspect(ExchangeOperation.Messages, Bytes(stream), isEventStream: true));
    }

    [Theory]
    [InlineData("incomplete")]
    [InlineData("failed")]
    [InlineData("in_progress")]
    [InlineData("queued")]
    [InlineData("cancelled")]
    public void A_response_whose_status_is_not_completed_is_not_stored(string status)
    {
        var body = GoldenFiles.ReadText("responses/response.json").Replace("\"status\": \"completed\",\n  \"background\"", "\"status\": \"" + status + "\",\n  \"background\"", StringComparison.Ordinal);

        Assert.Equal(AnswerInspection.Refused("status " + status), AnswerForms.Inspect(ExchangeOperation.Responses, Bytes(body), isEventStream: false));
    }

    [Fact]
    public void A_response_holding_a_refusal_is_not_stored()
    {
        var body = GoldenFiles.ReadText("responses/response.json").Replace(
            """
                      "type": "output_text",
                      "annotations": [],
                      "logprobs": [],
                      "text": "Die Antwort lautet 42 – mehr weiß ich nicht."
            """,
            """
                      "type": "refusal",
                      "refusal": "I can't help with that."
            """,
            StringComparison.Ordinal);
        Assert.DoesNotContain("output_text", body, StringComparison.Ordinal);

        Assert.Equal(AnswerInspection.Refused("refusal"), AnswerForms.Inspect(ExchangeOperation.Responses, Bytes(body), isEventStream: false));
    }

    [Theory]
    [InlineData(ExchangeOperation.Responses, "responses/response-stream-incomplete.sse", "status incomplete")]
    [InlineData(ExchangeOperation.Responses, "responses/response-stream-failed.sse", "status failed")]
    public void A_response_stream_ending_other_than_completed_is_not_stored(ExchangeOperation operation, string file, string reason)
    {
        Assert.Equal(AnswerInspection.Refused(reason), AnswerForms.Inspect(operation, GoldenFiles.Read(file), isEventStream: true));
    }

    [Theory]
    [InlineData(ExchangeOperation.ChatCompletions, "openai/chat-stream-error.sse")]
    [InlineData(ExchangeOperation.ChatCompletions, "openai-compatible/chat-stream-error-then-done.sse")]
    [InlineData(ExchangeOperation.Messages, "anthropic/message-stream-error.sse")]
    public void A_stream_carrying_an_error_event_is_not_stored(ExchangeOperation operation, string file)
    {
        Assert.Equal(AnswerInspection.Refused("error event"), AnswerForms.Inspect(operation, GoldenFiles.Read(file), isEventStream: true));
    }

    [Fact]
    public void A_response_stream_with_an_error_event_is_not_stored()
    {
        var stream = GoldenFiles.ReadText("responses/response-stream.sse");
        var cut = stream.IndexOf("event: response.output_text.done", StringComparison.Ordinal);
        var broken = stream[..cut] + "event: error\ndata: {\"type\":\"error\",\"code\":\"server_error\",\"message\":\"The server had an error.\",\"param\":null,\"sequence_number\":8}\n\n" + stream[cut..];

        Assert.Equal(AnswerInspection.Refused("error event"), AnswerForms.Inspect(ExchangeOperation.Responses, Bytes(broken), isEventStream: true));
    }

    [Theory]
    [InlineData(ExchangeOperation.ChatCompletions, "openai/chat-stream-include-usage.sse", "data: [DONE]")]
    [InlineData(ExchangeOperation.ChatCompletions, "openai/chat-stream-tool-calls.sse", "\"finish_reason\":\"tool_calls\"")]
    [InlineData(ExchangeOperation.Messages, "anthropic/message-stream-tool-use.sse", "event: message_stop")]
    [InlineData(ExchangeOperation.Messages, "anthropic/message-stream-text.sse", "event: message_delta")]
    [InlineData(ExchangeOperation.Responses, "responses/response-stream.sse", "event: response.completed")]
    [InlineData(ExchangeOperation.Responses, "responses/response-stream-function-call.sse", "event: response.output_item.done")]
    public void A_stream_cut_before_its_final_event_is_not_stored(ExchangeOperation operation, string file, string cutBefore)
    {
        var bytes = GoldenFiles.Read(file);
        var cut = bytes.AsSpan(0, GoldenFiles.OffsetOf(file, cutBefore)).ToArray();

        Assert.Equal(AnswerInspection.Refused("stream cut"), AnswerForms.Inspect(operation, cut, isEventStream: true));
    }

    [Fact]
    public void A_stream_whose_final_event_arrived_only_in_part_is_not_stored()
    {
        var stream = GoldenFiles.Read("responses/response-stream.sse");

        // The last event's bytes without its closing blank line: an incomplete tail, not an event.
        Assert.Equal(AnswerInspection.Refused("stream cut"), AnswerForms.Inspect(ExchangeOperation.Responses, stream.AsSpan(0, stream.Length - 1), isEventStream: true));
    }

    [Theory]
    [InlineData(ExchangeOperation.ChatCompletions, "openai/error-429-rate-limit.json")]
    [InlineData(ExchangeOperation.Messages, "anthropic/error-529-overloaded.json")]
    [InlineData(ExchangeOperation.Responses, "responses/error-404-not-found.json")]
    public void An_error_body_is_not_stored(ExchangeOperation operation, string file)
    {
        Assert.Equal(AnswerInspection.Refused("error"), AnswerForms.Inspect(operation, GoldenFiles.Read(file), isEventStream: false));
    }

    [Fact]
    public void A_body_that_is_not_json_is_not_stored()
    {
        Assert.Equal(AnswerInspection.Refused("not json"), AnswerForms.Inspect(ExchangeOperation.ChatCompletions, Bytes("<html>Bad gateway</html>"), isEventStream: false));
    }

    [Fact]
    public void A_stream_with_an_event_that_is_not_json_is_not_stored()
    {
        var stream = GoldenFiles.ReadText("anthropic/message-stream-text.sse").Replace("{\"type\": \"ping\"}", "{\"type\": \"ping\"", StringComparison.Ordinal);

        Assert.Equal(AnswerInspection.Refused("not json"), AnswerForms.Inspect(ExchangeOperation.Messages, Bytes(stream), isEventStream: true));
    }

    [Fact]
    public void A_chat_stream_without_usage_is_not_stored_as_nothing_would_price_it()
    {
        var stream = GoldenFiles.ReadText("relayed/openai-chat-stream-without-usage.sse");

        Assert.Equal(AnswerInspection.Refused("no usage"), AnswerForms.Inspect(ExchangeOperation.ChatCompletions, Bytes(stream), isEventStream: true));
    }

    [Fact]
    public void Only_generations_are_stored()
    {
        Assert.Equal(AnswerInspection.Refused("not a generation"), AnswerForms.Inspect(ExchangeOperation.Embeddings, GoldenFiles.Read("openai/embeddings.json"), isEventStream: false));
    }
}
