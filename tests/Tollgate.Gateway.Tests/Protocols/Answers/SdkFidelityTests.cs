// The official SDK marks its Responses client experimental (OPENAI001); it is what applications use, so it is read here as it ships.
#pragma warning disable OPENAI001

using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text;
using System.Text.Json.Nodes;
using OpenAI.Chat;
using OpenAI.Responses;
using Tollgate.Core.Exchange;
using Tollgate.Gateway.Protocols.Answers;
using Tollgate.Testing;
using Tollgate.Testing.Clients;
using Tollgate.Testing.Servers;
using static Tollgate.Gateway.Tests.Protocols.Answers.StoredForms;

namespace Tollgate.Gateway.Tests.Protocols.Answers;

/// <summary>
/// A synthesized stream read by the official OpenAI SDK as a live one: a loopback provider serves a whole body, then
/// the stream <see cref="AnswerForms.ToEventStream"/> makes of it, and what the SDK assembles from the stream (text,
/// tool calls, usage; for the Responses API the completed response) equals what it reads from the body. The Anthropic
/// SDK needs reflection-based JSON, which this project turns off: its half is in the end-to-end tests
/// (<c>Answers/AnthropicStreamFidelityTests</c>).
/// </summary>
public sealed class SdkFidelityTests(FixedAnswerServer provider) : IClassFixture<FixedAnswerServer>
{
    private const string ToolCallsBody = """{"id":"chatcmpl-tools","object":"chat.completion","created":1755187700,"model":"gpt-4.1-2025-04-14","choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_one","type":"function","function":{"name":"get_weather","arguments":"{\"location\":\"São Paulo\",\"unit\":\"celsius\"}"}},{"id":"call_two","type":"function","function":{"name":"get_time","arguments":"{\"timezone\":\"America/Sao_Paulo\"}"}}],"refusal":null,"annotations":[]},"logprobs":null,"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":83,"completion_tokens":40,"total_tokens":123,"prompt_tokens_details":{"cached_tokens":64,"audio_tokens":0}},"service_tier":"default","system_fingerprint":"fp_b3f1157249"}""";

    private static readonly ChatMessage[] Ask = [new UserChatMessage("What is due?")];

    [Fact]
    public async Task The_openai_sdk_streams_the_text_finish_reason_and_usage_of_the_whole_completion()
    {
        var body = GoldenFiles.Read("openai/chat-completion.json");
        var client = SdkClients.OpenAIChat(provider.BaseAddress);
        provider.Serve(body, isEventStream: false);
        ChatCompletion whole = await client.CompleteChatAsync(Ask);

        provider.Serve(AnswerForms.ToEventStream(ExchangeOperation.ChatCompletions, body), isEventStream: true);
        var text = new StringBuilder();
        var updates = 0;
        ChatFinishReason? finish = null;
        ChatTokenUsage? usage = null;
        await foreach (var update in client.CompleteChatStreamingAsync(Ask))
        {
            updates++;
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }

            finish = update.FinishReason ?? finish;
            usage = update.Usage ?? usage;
        }

        Assert.True(updates > 3, $"{updates} updates");
        Assert.Equal(whole.Content[0].Text, text.ToString());
        Assert.Equal(whole.FinishReason, finish);
        Assert.NotNull(usage);
        Assert.Equal(2006, usage.InputTokenCount);
        Assert.Equal(whole.Usage.InputTokenCount, usage.InputTokenCount);
        Assert.Equal(whole.Usage.OutputTokenCount, usage.OutputTokenCount);
        Assert.Equal(whole.Usage.TotalTokenCount, usage.TotalTokenCount);
        Assert.Equal(whole.Usage.InputTokenDetails.CachedTokenCount, usage.InputTokenDetails.CachedTokenCount);
        Assert.Equal(whole.Usage.OutputTokenDetails.ReasoningTokenCount, usage.OutputTokenDetails.ReasoningTokenCount);
    }

    [Fact]
    public async Task The_openai_sdk_streams_each_tool_call_with_its_id_name_and_whole_arguments()
    {
        var body = Bytes(ToolCallsBody);
        var client = SdkClients.OpenAIChat(provider.BaseAddress);
        provider.Serve(body, isEventStream: false);
        ChatCompletion whole = await client.CompleteChatAsync(Ask);

        provider.Serve(AnswerForms.ToEventStream(ExchangeOperation.ChatCompletions, body), isEventStream: true);
        var calls = new SortedDictionary<int, (string? Id, string? Name, StringBuilder Arguments)>();
        ChatFinishReason? finish = null;
        await foreach (var update in client.CompleteChatStreamingAsync(Ask))
        {
            foreach (var call in update.ToolCallUpdates)
            {
                var (id, name, arguments) = calls.TryGetValue(call.Index, out var seen) ? seen : (null, null, new StringBuilder());
                calls[call.Index] = (id ?? call.ToolCallId, name ?? call.FunctionName, arguments.Append(call.FunctionArgumentsUpdate?.ToString()));
            }

            finish = update.FinishReason ?? finish;
        }

        Assert.Equal(2, whole.ToolCalls.Count);
        Assert.Equal(
            whole.ToolCalls.Select(c => ((string?)c.Id, (string?)c.FunctionName, c.FunctionArguments.ToString())),
            calls.Values.Select(c => (c.Id, c.Name, c.Arguments.ToString())));
        Assert.Equal(ChatFinishReason.ToolCalls, finish);
    }

    [Fact]
    public async Task The_responses_sdk_streams_the_text_and_completes_with_the_whole_response()
    {
        var body = GoldenFiles.Read("responses/response.json");
        var client = ResponsesClient();
        provider.Serve(body, isEventStream: false);
        ResponseResult whole = await client.CreateResponseAsync(new CreateResponseOptions("gpt-5-mini", [ResponseItem.CreateUserMessageItem("What is the answer?")]));

        provider.Serve(AnswerForms.ToEventStream(ExchangeOperation.Responses, body), isEventStream: true);
        var updates = new List<StreamingResponseUpdate>();
        await foreach (var update in await client.CreateResponseStreamingAsync(new CreateResponseOptions("gpt-5-mini", [ResponseItem.CreateUserMessageItem("What is the answer?")]) { StreamingEnabled = true }))
        {
            updates.Add(update);
        }

        Assert.IsType<StreamingResponseCreatedUpdate>(updates[0]);
        var completed = Assert.IsType<StreamingResponseCompletedUpdate>(updates[^1]);
        Assert.Equal(Enumerable.Range(0, updates.Count), updates.Select(u => u.SequenceNumber));
        Assert.Equal(whole.GetOutputText(), string.Concat(updates.OfType<StreamingResponseOutputTextDeltaUpdate>().Select(d => d.Delta)));
        Assert.Equal(whole.GetOutputText(), completed.Response.GetOutputText());
        Assert.Equal(whole.Usage.InputTokenCount, completed.Response.Usage.InputTokenCount);
        Assert.Equal(whole.Usage.OutputTokenCount, completed.Response.Usage.OutputTokenCount);
        Assert.Equal(whole.Usage.OutputTokenDetails.ReasoningTokenCount, completed.Response.Usage.OutputTokenDetails.ReasoningTokenCount);
        AssertSameJson(Json(whole), Json(completed.Response));
    }

    [Fact]
    public async Task The_responses_sdk_streams_a_function_calls_arguments_and_completes_with_the_call()
    {
        var body = GoldenFiles.Read("responses/response-function-call.json");
        var client = ResponsesClient();
        provider.Serve(body, isEventStream: false);
        ResponseResult whole = await client.CreateResponseAsync(new CreateResponseOptions("gpt-4.1", [ResponseItem.CreateUserMessageItem("Weather in São Paulo?")]));

        provider.Serve(AnswerForms.ToEventStream(ExchangeOperation.Responses, body), isEventStream: true);
        var arguments = new StringBuilder();
        StreamingResponseCompletedUpdate? completed = null;
        StreamingResponseFunctionCallArgumentsDoneUpdate? done = null;
        await foreach (var update in await client.CreateResponseStreamingAsync(new CreateResponseOptions("gpt-4.1", [ResponseItem.CreateUserMessageItem("Weather in São Paulo?")]) { StreamingEnabled = true }))
        {
            arguments.Append((update as StreamingResponseFunctionCallArgumentsDeltaUpdate)?.Delta?.ToString());
            done ??= update as StreamingResponseFunctionCallArgumentsDoneUpdate;
            completed ??= update as StreamingResponseCompletedUpdate;
        }

        var call = Assert.IsType<FunctionCallResponseItem>(Assert.Single(whole.OutputItems));
        Assert.Equal(call.FunctionArguments.ToString(), arguments.ToString());
        Assert.NotNull(done);
        Assert.Equal(call.FunctionArguments.ToString(), done.FunctionArguments.ToString());
        Assert.NotNull(completed);
        var streamed = Assert.IsType<FunctionCallResponseItem>(Assert.Single(completed.Response.OutputItems));
        Assert.Equal((call.CallId, call.FunctionName, call.FunctionArguments.ToString()), (streamed.CallId, streamed.FunctionName, streamed.FunctionArguments.ToString()));
    }

    private static JsonNode Json(ResponseResult response) => JsonNode.Parse(ModelReaderWriter.Write(response, ModelReaderWriterOptions.Json).ToString())!;

    private ResponsesClient ResponsesClient() =>
        new(new ApiKeyCredential("sk-client-unused"), new ResponsesClientOptions { Endpoint = new Uri(provider.BaseAddress, "v1"), RetryPolicy = new ClientRetryPolicy(maxRetries: 0) });
}
