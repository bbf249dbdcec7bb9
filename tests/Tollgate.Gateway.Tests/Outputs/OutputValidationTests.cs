using System.Text;
using Tollgate.Core.Exchange;
using Tollgate.Gateway.Outputs;
using Tollgate.Gateway.Protocols.Answers;

namespace Tollgate.Gateway.Tests.Outputs;

/// <summary>
/// The typed output check on answers a caller holds (<see cref="OutputValidation.Judge"/>, what a call stage asks before
/// it decides to ask again): each protocol's answer text, whole and streamed, judged against the schema; a tool call is
/// not judged, prose or a refusal never meets a schema.
/// </summary>
public sealed class OutputValidationTests
{
    private const string Schema = """{"type": "object", "properties": {"label": {"type": "string", "enum": ["spam", "ham"]}}, "required": ["label"]}""";

    private static readonly OutputSchemas Schemas = new();

    [Theory]
    [InlineData("""{"label": "spam"}""", true)]
    [InlineData("""{"label": "eggs"}""", false)]
    [InlineData("""{}""", false)]
    [InlineData("It is spam, I think.", false)]
    public void A_chat_answers_content_is_judged_against_the_schema(string content, bool valid)
    {
        var body = $$"""{"id": "chatcmpl-1", "object": "chat.completion", "choices": [{"index": 0, "message": {"role": "assistant", "content": {{Quoted(content)}}}, "finish_reason": "stop"}]}""";

        Assert.Equal(valid, Check(ExchangeOperation.ChatCompletions).Judge(Encoding.UTF8.GetBytes(body), isEventStream: false));
    }

    [Fact]
    public void A_chat_refusal_meets_no_schema_and_a_tool_call_is_not_judged()
    {
        var refusal = """{"choices": [{"index": 0, "message": {"role": "assistant", "content": null, "refusal": "I cannot."}, "finish_reason": "stop"}]}""";
        var toolCall = """{"choices": [{"index": 0, "message": {"role": "assistant", "content": null, "tool_calls": [{"id": "call_1", "type": "function", "function": {"name": "f", "arguments": "{}"}}]}, "finish_reason": "tool_calls"}]}""";

        var check = Check(ExchangeOperation.ChatCompletions);
        Assert.False(check.Judge(Encoding.UTF8.GetBytes(refusal), isEventStream: false));
        Assert.Null(check.Judge(Encoding.UTF8.GetBytes(toolCall), isEventStream: false));
    }

    [Fact]
    public void A_messages_answers_text_blocks_are_judged_together()
    {
        var body = """{"id": "msg_1", "type": "message", "role": "assistant", "content": [{"type": "text", "text": "{\"label\": "}, {"type": "text", "text": "\"ham\"}"}], "stop_reason": "end_turn"}""";

        Assert.True(Check(ExchangeOperation.Messages).Judge(Encoding.UTF8.GetBytes(body), isEventStream: false));
    }

    [Fact]
    public void A_responses_answers_output_text_is_judged()
    {
        var body = """{"id": "resp_1", "object": "response", "status": "completed", "output": [{"type": "reasoning", "summary": []}, {"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": "{\"label\": \"spam\"}"}]}]}""";

        Assert.True(Check(ExchangeOperation.Responses).Judge(Encoding.UTF8.GetBytes(body), isEventStream: false));
    }

    [Fact]
    public void A_background_response_still_queued_is_not_judged()
    {
        var body = """{"id": "resp_1", "object": "response", "status": "queued", "background": true, "output": []}""";

        Assert.Null(Check(ExchangeOperation.Responses).Judge(Encoding.UTF8.GetBytes(body), isEventStream: false));
    }

    [Fact]
    public void A_stream_is_judged_on_the_text_its_events_add_up_to()
    {
        var whole = """{"id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "gpt-4o-mini", "choices": [{"index": 0, "message": {"role": "assistant", "content": "{\"label\": \"ham\"}"}, "finish_reason": "stop"}], "usage": {"prompt_tokens": 5, "completion_tokens": 5, "total_tokens": 10}}""";
        var stream = AnswerForms.ToEventStream(ExchangeOperation.ChatCompletions, Encoding.UTF8.GetBytes(whole));

        Assert.True(Check(ExchangeOperation.ChatCompletions).Judge(stream, isEventStream: true));
    }

    [Fact]
    public void Something_that_is_no_answer_of_the_operation_is_not_judged()
    {
        Assert.Null(Check(ExchangeOperation.ChatCompletions).Judge("<html>"u8, isEventStream: false));
        Assert.Null(Check(ExchangeOperation.ChatCompletions).Judge(default, isEventStream: false));
    }

    [Fact]
    public void A_schema_is_compiled_once_and_a_broken_one_says_why()
    {
        var schemas = new OutputSchemas();

        Assert.Same(schemas.Get(Schema, out _), schemas.Get(Schema, out _));
        Assert.Null(schemas.Get("""{"type": "nonsense"}""", out var notSchema));
        Assert.Null(schemas.Get("{", out var notJson));
        Assert.Contains("not a JSON Schema", notSchema, StringComparison.Ordinal);
        Assert.Contains("not JSON", notJson, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ExchangeOperation.ChatCompletions, """{"model": "m", "messages": [], "response_format": {"type": "json_schema", "json_schema": {"name": "x", "schema": {"type": "object"}}}}""", """{"type": "object"}""")]
    [InlineData(ExchangeOperation.Responses, """{"model": "m", "input": "hi", "text": {"format": {"type": "json_schema", "name": "x", "schema": {"type": "array"}}}}""", """{"type": "array"}""")]
    [InlineData(ExchangeOperation.Messages, """{"model": "m", "messages": [], "output_format": {"type": "json_schema", "schema": {"type": "string"}}}""", """{"type": "string"}""")]
    [InlineData(ExchangeOperation.ChatCompletions, """{"model": "m", "messages": [], "response_format": {"type": "json_object"}}""", null)]
    [InlineData(ExchangeOperation.ChatCompletions, """{"model": "m", "messages": [{"role": "user", "content": "what is json_schema?"}]}""", null)]
    [InlineData(ExchangeOperation.Embeddings, """{"model": "m", "input": "json_schema", "response_format": {"type": "json_schema", "json_schema": {"schema": {}}}}""", null)]
    public void The_schema_a_request_asks_for_is_found_where_its_protocol_puts_it(ExchangeOperation operation, string body, string? expected)
    {
        Assert.Equal(expected, RequestedSchema.Find(Encoding.UTF8.GetBytes(body), operation));
    }

    [Fact]
    public void A_feature_schema_that_is_no_json_schema_is_refused_naming_the_setting()
    {
        var options = new GatewayOptions();
        options.Features["labels"] = new FeatureOptions { OutputSchema = """{"type": 7}""" };
        options.Features["fine"] = new FeatureOptions { OutputSchema = Schema };

        var result = new OutputSchemaSettingsValidator().Validate(null, options);

        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith("Features:labels:OutputSchema must be a JSON Schema", failure, StringComparison.Ordinal);
    }

    private static OutputValidation Check(ExchangeOperation operation) => new(Schemas.Get(Schema, out _)!, operation);

    private static string Quoted(string text) => "\"" + System.Text.Json.JsonEncodedText.Encode(text).Value + "\"";
}
