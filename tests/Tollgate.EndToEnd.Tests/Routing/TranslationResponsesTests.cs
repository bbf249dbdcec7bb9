// The official SDK marks its Responses client experimental (OPENAI001); the gateway must serve it as it ships.
#pragma warning disable OPENAI001

using System.Text;
using System.Text.Json;
using OpenAI.Responses;
using Tollgate.EndToEnd.Tests.Caching;

namespace Tollgate.EndToEnd.Tests.Routing;

/// <summary>
/// The Responses API served by Claude (whole and streamed, with a function call), what cannot be translated refused in
/// the client's own error shape, and a provider's error reaching the client in its protocol's shape, status kept.
/// </summary>
public sealed class TranslationResponsesTests(TranslationGateway fixture) : IClassFixture<TranslationGateway>
{
    private static readonly ResponseTool WeatherTool = ResponseTool.CreateFunctionTool(
        "get_weather",
        BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}"""),
        strictModeEnabled: false,
        "Current weather for a city");

    [Fact]
    public async Task A_responses_client_gets_a_claude_answer_with_a_function_call_round_trip()
    {
        using var clients = fixture.ClientsFor("to-claude");
        var prompt = TranslationGateway.Unique("Weather in Oslo?");
        var ask = new CreateResponseOptions("gpt-4.1", [ResponseItem.CreateUserMessageItem(prompt)]) { Instructions = "You report the weather." };
        ask.Tools.Add(WeatherTool);

        var first = await clients.Responses.CreateResponseAsync(ask);
        var call = Assert.IsType<FunctionCallResponseItem>(Assert.Single(first.Value.OutputItems));
        var answer = new CreateResponseOptions("gpt-4.1",
        [
            ResponseItem.CreateUserMessageItem(prompt),
            ResponseItem.CreateFunctionCallItem(call.CallId, call.FunctionName, call.FunctionArguments),
            ResponseItem.CreateFunctionCallOutputItem(call.CallId, "Sunny, 21 degrees."),
        ]);
        answer.Tools.Add(WeatherTool);
        var second = await clients.Responses.CreateResponseAsync(answer);

        Assert.Equal("get_weather", call.FunctionName);
        Assert.Equal(JsonValueKind.String, JsonDocument.Parse(call.FunctionArguments).RootElement.GetProperty("city").ValueKind);
        Assert.Equal(ResponseStatus.Completed, second.Value.Status);
        Assert.False(string.IsNullOrWhiteSpace(second.Value.GetOutputText()));
        var requestId = CacheClients.Header(second, "x-tollgate-request-id")!;
        using var upstream = await fixture.UpstreamBodyAsync(requestId);
        var turns = upstream.RootElement.GetProperty("messages");
        Assert.Equal("tool_use", turns[1].GetProperty("content")[0].GetProperty("type").GetString());
        Assert.Equal("tool_result", turns[2].GetProperty("content")[0].GetProperty("type").GetString());
        var row = await fixture.AssertServedAsync(requestId, "anthropic", TranslationGateway.Claude);
        Assert.Equal(second.Value.Usage.InputTokenCount, row.InputTokens);
        Assert.Equal(second.Value.Usage.OutputTokenCount, row.OutputTokens);
    }

    [Fact]
    public async Task A_streamed_responses_answer_from_claude_arrives_event_by_event_and_ends_completed()
    {
        using var clients = fixture.ClientsFor("to-claude");
        var ask = new CreateResponseOptions("gpt-4.1", [ResponseItem.CreateUserMessageItem(TranslationGateway.Unique("Describe the harbour at dusk."))])
        {
            MaxOutputTokenCount = 400, // room for the longest simulated answer (five sentences), so the stream ends completed
            StreamingEnabled = true,
        };

        var updates = new List<StreamingResponseUpdate>();
        await foreach (var update in await clients.Responses.CreateResponseStreamingAsync(ask))
        {
            updates.Add(update);
        }

        Assert.IsType<StreamingResponseCreatedUpdate>(updates[0]);
        var completed = Assert.IsType<StreamingResponseCompletedUpdate>(updates[^1]);
        Assert.Equal(Enumerable.Range(0, updates.Count), updates.Select(update => update.SequenceNumber));
        var text = string.Concat(updates.OfType<StreamingResponseOutputTextDeltaUpdate>().Select(delta => delta.Delta));
        Assert.False(string.IsNullOrWhiteSpace(text));
        Assert.Equal(completed.Response.GetOutputText(), text);
        var row = await fixture.AssertServedAsync(clients.Headers.LastRequestId!, "anthropic", TranslationGateway.Claude);
        Assert.Equal(completed.Response.Usage.InputTokenCount, row.InputTokens);
        Assert.Equal(completed.Response.Usage.OutputTokenCount, row.OutputTokens);
    }

    [Fact]
    public async Task A_streamed_function_call_from_claude_sends_every_argument_piece_through()
    {
        using var clients = fixture.ClientsFor("to-claude");
        var ask = new CreateResponseOptions("gpt-4.1", [ResponseItem.CreateUserMessageItem(TranslationGateway.Unique("Weather in Bergen?"))]) { StreamingEnabled = true };
        ask.Tools.Add(WeatherTool);

        var arguments = new StringBuilder();
        StreamingResponseCompletedUpdate? completed = null;
        await foreach (var update in await clients.Responses.CreateResponseStreamingAsync(ask))
        {
            arguments.Append((update as StreamingResponseFunctionCallArgumentsDeltaUpdate)?.Delta?.ToString());
            completed ??= update as StreamingResponseCompletedUpdate;
        }

        Assert.NotNull(completed);
        var call = Assert.IsType<FunctionCallResponseItem>(Assert.Single(completed.Response.OutputItems));
        Assert.Equal(call.FunctionArguments.ToString(), arguments.ToString());
        await fixture.AssertServedAsync(clients.Headers.LastRequestId!, "anthropic", TranslationGateway.Claude);
    }

    [Fact]
    public async Task A_responses_request_that_needs_state_at_openai_is_refused_in_openais_shape()
    {
        var call = await RawCall.PostAsync(fixture.Http, "v1/responses",
            """{"model":"gpt-4.1","input":"Keep this for later.","store":true}""", ("x-tollgate-feature", "to-claude"));

        Assert.Equal(400, call.Status);
        using var body = JsonDocument.Parse(call.Body);
        var error = body.RootElement.GetProperty("error");
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Contains("store: true", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains(TranslationGateway.Claude, error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(429, "rate_limit_error", "rate_limit_exceeded")]
    [InlineData(500, "server_error", null)]
    public async Task An_anthropic_providers_error_reaches_an_openai_client_in_openais_shape(int status, string type, string? code)
    {
        var call = await RawCall.PostAsync(fixture.Http, "v1/chat/completions",
            $$"""{"model":"gpt-4.1","messages":[{"role":"user","content":"Hello [[fault:{{status}}]] {{Guid.NewGuid():N}}"}]}""", ("x-tollgate-feature", "to-claude"));

        Assert.Equal(status, call.Status);
        using var body = JsonDocument.Parse(call.Body);
        var error = body.RootElement.GetProperty("error");
        Assert.Equal(type, error.GetProperty("type").GetString());
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        var row = await fixture.RowAsync(call.RequestId);
        Assert.Equal(status, row.Status);
        Assert.Equal("anthropic", row.Provider);
    }

    [Theory]
    [InlineData(429, "rate_limit_error")]
    [InlineData(500, "api_error")]
    public async Task An_openai_providers_error_reaches_an_anthropic_client_in_anthropics_shape(int status, string type)
    {
        var call = await RawCall.PostAsync(fixture.Http, "v1/messages",
            $$"""{"model":"claude-sonnet-4-5","max_tokens":50,"messages":[{"role":"user","content":"Hello [[fault:{{status}}]] {{Guid.NewGuid():N}}"}]}""", ("x-tollgate-feature", "to-gpt"));

        Assert.Equal(status, call.Status);
        using var body = JsonDocument.Parse(call.Body);
        Assert.Equal("error", body.RootElement.GetProperty("type").GetString());
        Assert.Equal(type, body.RootElement.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal("openai", (await fixture.RowAsync(call.RequestId)).Provider);
    }

    [Fact]
    public async Task A_chat_stream_from_claude_that_asked_for_no_usage_gets_none_and_still_ends_with_its_cost()
    {
        var call = await RawCall.PostAsync(fixture.Http, "v1/chat/completions",
            $$"""{"model":"gpt-4.1","stream":true,"max_tokens":40,"messages":[{"role":"user","content":"Describe the quay. {{Guid.NewGuid():N}}"}]}""", ("x-tollgate-feature", "to-claude"));

        Assert.Equal(200, call.Status);
        Assert.DoesNotContain("\"usage\"", call.Body, StringComparison.Ordinal);
        Assert.EndsWith("data: [DONE]\n\n", call.Body, StringComparison.Ordinal);
        var row = await fixture.AssertServedAsync(call.RequestId, "anthropic", TranslationGateway.Claude);
        Assert.Contains(": x-tollgate-cost-usd=" + row.CostUsd!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), call.Body, StringComparison.Ordinal);
    }
}
