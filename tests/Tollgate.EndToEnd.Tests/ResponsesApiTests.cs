// The official SDK marks its Responses client experimental (OPENAI001). Tollgate must serve the clients applications
// actually use, so these tests drive that client as it ships; the warning is suppressed for this file only.
#pragma warning disable OPENAI001

using System.ClientModel;
using System.ClientModel.Primitives;
using System.Globalization;
using System.Text;
using System.Text.Json;
using OpenAI.Responses;
using Tollgate.EndToEnd.Tests.Support;
using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests;

/// <summary>
/// The OpenAI Responses API through the gateway with the official OpenAI .NET SDK's Responses client, in front of
/// <c>tollgate simulate</c>: plain and streamed calls, function tools, cached input tokens, a cut stream and a rate
/// limit, each checked against the ledger row and the headers, priced from the published prices (not the catalog).
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class ResponsesApiTests(GatewayFixture fixture)
{
    private const string Model = "gpt-4o-mini";

    private static readonly ResponseTool WeatherTool = ResponseTool.CreateFunctionTool(
        "get_weather",
        BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}"""),
        strictModeEnabled: false,
        "Current weather for a city");

    private (ResponsesClient Client, RequestIdCapture Ids) Client()
    {
        var ids = new RequestIdCapture();
        var options = new ResponsesClientOptions { Endpoint = new Uri(fixture.Gateway.BaseAddress, "v1"), RetryPolicy = new ClientRetryPolicy(maxRetries: 0) };
        options.AddPolicy(ids, PipelinePosition.PerCall);
        return (new ResponsesClient(new ApiKeyCredential("sk-client-unused"), options), ids);
    }

    private static CreateResponseOptions Ask(string text, bool stream = false) => new(Model, [ResponseItem.CreateUserMessageItem(text)]) { StreamingEnabled = stream };

    [Fact]
    public async Task A_plain_response_comes_back_with_its_cost_in_the_headers_and_one_ledger_row()
    {
        var (client, _) = Client();

        ClientResult<ResponseResult> result = await client.CreateResponseAsync(Ask("What does a ledger row hold?"));
        ResponseResult response = result.Value;
        var headers = result.GetRawResponse().Headers;
        var requestId = Header(headers, "x-tollgate-request-id");
        var entry = await fixture.Gateway.GetLedgerEntryAsync(requestId);

        Assert.Equal(ResponseStatus.Completed, response.Status);
        Assert.False(string.IsNullOrWhiteSpace(response.GetOutputText()));
        Assert.NotNull(entry);
        Assert.Equal("/v1/responses", entry.Endpoint);
        Assert.Equal(Model, entry.RequestedModel);
        Assert.Equal(response.Usage.InputTokenCount, entry.InputTokens);
        Assert.Equal(response.Usage.OutputTokenCount, entry.OutputTokens);
        Assert.Equal(PublishedPrices.Gpt4oMini(response.Usage.InputTokenCount, response.Usage.OutputTokenCount), entry.CostUsd);
        Assert.Equal(entry.CostUsd, decimal.Parse(Header(headers, "x-tollgate-cost-usd"), CultureInfo.InvariantCulture));
        Assert.Equal(response.Model, Header(headers, "x-tollgate-model"));
        Assert.Null(entry.Warning);
    }

    [Fact]
    public async Task A_streamed_response_reaches_the_sdk_event_by_event_and_its_row_bills_the_terminal_usage()
    {
        var (client, ids) = Client();

        var updates = new List<StreamingResponseUpdate>();
        await foreach (var update in await client.CreateResponseStreamingAsync(Ask("Summarise the plan in a few words.", stream: true)))
        {
            updates.Add(update);
        }

        var completed = Assert.IsType<StreamingResponseCompletedUpdate>(updates[^1]);
        Assert.IsType<StreamingResponseCreatedUpdate>(updates[0]);
        Assert.Equal(Enumerable.Range(0, updates.Count), updates.Select(u => u.SequenceNumber)); // nothing added, nothing lost
        var text = string.Concat(updates.OfType<StreamingResponseOutputTextDeltaUpdate>().Select(d => d.Delta));
        Assert.Equal(completed.Response.GetOutputText(), text);
        var usage = completed.Response.Usage;
        var entry = await fixture.Gateway.GetLedgerEntryAsync(ids.LastRequestId!);
        Assert.NotNull(entry);
        Assert.False(entry.IsPending);
        Assert.True(entry.Stream);
        Assert.Equal(usage.InputTokenCount, entry.InputTokens);
        Assert.Equal(usage.OutputTokenCount, entry.OutputTokens);
        Assert.Equal(PublishedPrices.Gpt4oMini(usage.InputTokenCount, usage.OutputTokenCount), entry.CostUsd);
        Assert.Null(entry.ErrorType);
    }

    [Fact]
    public async Task A_function_tool_call_reaches_the_sdk_and_the_answer_to_it_is_billed_too()
    {
        var (client, ids) = Client();
        var ask = Ask("Weather in Oslo?");
        ask.Tools.Add(WeatherTool);

        ResponseResult first = await client.CreateResponseAsync(ask);
        var firstId = ids.LastRequestId!;
        var call = Assert.IsType<FunctionCallResponseItem>(Assert.Single(first.OutputItems));
        var answer = new CreateResponseOptions(Model,
        [
            ResponseItem.CreateUserMessageItem("Weather in Oslo?"),
            ResponseItem.CreateFunctionCallItem(call.CallId, call.FunctionName, call.FunctionArguments),
            ResponseItem.CreateFunctionCallOutputItem(call.CallId, "Sunny, 21 degrees."),
        ]);
        answer.Tools.Add(WeatherTool);
        ResponseResult second = await client.CreateResponseAsync(answer);

        Assert.Equal("get_weather", call.FunctionName);
        Assert.Equal(JsonValueKind.String, JsonDocument.Parse(call.FunctionArguments).RootElement.GetProperty("city").ValueKind);
        Assert.False(string.IsNullOrWhiteSpace(second.GetOutputText()));
        var firstEntry = await fixture.Gateway.GetLedgerEntryAsync(firstId);
        var secondEntry = await fixture.Gateway.GetLedgerEntryAsync(ids.LastRequestId!);
        Assert.Equal(PublishedPrices.Gpt4oMini(first.Usage.InputTokenCount, first.Usage.OutputTokenCount), firstEntry?.CostUsd);
        Assert.Equal(PublishedPrices.Gpt4oMini(second.Usage.InputTokenCount, second.Usage.OutputTokenCount), secondEntry?.CostUsd);
    }

    [Fact]
    public async Task A_streamed_function_call_sends_every_argument_fragment_through()
    {
        var (client, ids) = Client();
        var ask = Ask("Weather in Bergen?", stream: true);
        ask.Tools.Add(WeatherTool);

        var arguments = new StringBuilder();
        StreamingResponseCompletedUpdate? completed = null;
        await foreach (var update in await client.CreateResponseStreamingAsync(ask))
        {
            arguments.Append((update as StreamingResponseFunctionCallArgumentsDeltaUpdate)?.Delta?.ToString());
            completed ??= update as StreamingResponseCompletedUpdate;
        }

        Assert.NotNull(completed);
        var call = Assert.IsType<FunctionCallResponseItem>(Assert.Single(completed.Response.OutputItems));
        Assert.Equal(call.FunctionArguments.ToString(), arguments.ToString());
        var entry = await fixture.Gateway.GetLedgerEntryAsync(ids.LastRequestId!);
        Assert.Equal(PublishedPrices.Gpt4oMini(completed.Response.Usage.InputTokenCount, completed.Response.Usage.OutputTokenCount), entry?.CostUsd);
    }

    [Fact]
    public async Task Cached_input_tokens_are_billed_at_the_cached_price()
    {
        var (client, ids) = Client();
        var instructions = LongPrompt.About("Responses");
        CreateResponseOptions Ask() => new(Model, [ResponseItem.CreateUserMessageItem("What is billed?")]) { Instructions = instructions };

        await client.CreateResponseAsync(Ask());
        ResponseResult second = await client.CreateResponseAsync(Ask());
        var cached = second.Usage.InputTokenDetails.CachedTokenCount;
        var entry = await fixture.Gateway.GetLedgerEntryAsync(ids.LastRequestId!);

        Assert.True(cached >= 1024, $"cached {cached}");
        Assert.NotNull(entry);
        Assert.Equal(second.Usage.InputTokenCount, entry.InputTokens);
        Assert.Equal(cached, entry.CachedInputTokens);
        Assert.Equal(PublishedPrices.Gpt4oMini(second.Usage.InputTokenCount, cached, second.Usage.OutputTokenCount), entry.CostUsd);
        Assert.True(entry.CostUsd < PublishedPrices.Gpt4oMini(second.Usage.InputTokenCount, second.Usage.OutputTokenCount));
    }

    [Fact]
    public async Task A_cut_stream_ends_with_an_error_update_in_the_sdk_and_is_recorded_as_cut_never_as_complete()
    {
        var (client, ids) = Client();

        var deltas = new StringBuilder();
        var updates = new List<StreamingResponseUpdate>();
        await foreach (var update in await client.CreateResponseStreamingAsync(Ask("Tell me more. [[fault:stream-cut]]", stream: true)))
        {
            updates.Add(update);
            deltas.Append((update as StreamingResponseOutputTextDeltaUpdate)?.Delta);
        }

        var entry = await fixture.Gateway.WaitForSettledEntryAsync(ids.LastRequestId!);

        // The SDK reads the Responses API's error event as its error update, the stream's last, after the text so far.
        Assert.True(deltas.Length > 0, "some text streamed before the cut");
        var error = Assert.IsType<StreamingResponseErrorUpdate>(updates[^1]);
        Assert.Equal("upstream_stream_cut", error.Code);
        Assert.Contains("broke off", error.Message, StringComparison.Ordinal);
        Assert.Equal(updates[^2].SequenceNumber + 1, error.SequenceNumber);
        Assert.DoesNotContain(updates, update => update is StreamingResponseCompletedUpdate or StreamingResponseIncompleteUpdate);
        Assert.Equal("upstream_stream_cut", entry.ErrorType);
        Assert.Contains("usage estimated from the prompt and the streamed text", entry.Warning, StringComparison.Ordinal);
        Assert.True(entry.InputTokens > 0);
        Assert.True(entry.OutputTokens > 0);
        Assert.Equal(PublishedPrices.Gpt4oMini(entry.InputTokens, entry.OutputTokens), entry.CostUsd);
    }

    [Fact]
    public async Task A_rate_limit_reaches_the_sdk_with_its_body_and_retry_after_and_bills_nothing()
    {
        var (client, _) = Client();

        var error = await Assert.ThrowsAsync<ClientResultException>(() => client.CreateResponseAsync(Ask("hello [[fault:429]]")));
        var raw = error.GetRawResponse()!;
        var entry = await fixture.Gateway.GetLedgerEntryAsync(Header(raw.Headers, "x-tollgate-request-id"));

        Assert.Equal(429, error.Status);
        Assert.Equal("1", Header(raw.Headers, "retry-after"));
        Assert.Equal("rate_limit_exceeded", JsonDocument.Parse(raw.Content).RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.NotNull(entry);
        Assert.Equal(429, entry.Status);
        Assert.Equal("rate_limit_exceeded", entry.ErrorType);
        Assert.Equal(0m, entry.CostUsd);
    }

    [Fact]
    public async Task A_stored_response_is_retrieved_listed_and_deleted_through_the_gateway_each_call_a_free_row()
    {
        var (client, ids) = Client();
        ResponseResult created = await client.CreateResponseAsync(Ask("Keep this one."));

        ResponseResult retrieved = await client.GetResponseAsync(created.Id);
        var retrieveId = ids.LastRequestId!;
        var items = new List<ResponseItem>();
        await foreach (var item in client.GetResponseInputItemsAsync(new ResponseItemCollectionOptions(created.Id)))
        {
            items.Add(item);
        }

        var listId = ids.LastRequestId!;
        ResponseDeletionResult deleted = await client.DeleteResponseAsync(created.Id);
        var deleteId = ids.LastRequestId!;

        Assert.Equal(created.GetOutputText(), retrieved.GetOutputText());
        Assert.Equal("Keep this one.", ((MessageResponseItem)Assert.Single(items)).Content[0].Text);
        Assert.True(deleted.Deleted);
        foreach (var (requestId, endpoint) in new[] { (retrieveId, "/v1/responses/{id}"), (listId, "/v1/responses/{id}/input_items"), (deleteId, "/v1/responses/{id}") })
        {
            var entry = await fixture.Gateway.GetLedgerEntryAsync(requestId);
            Assert.NotNull(entry);
            Assert.Equal(endpoint, entry.Endpoint);
            Assert.Equal(200, entry.Status);
            Assert.Equal(0m, entry.CostUsd);
            Assert.Equal(0, entry.InputTokens);
        }
    }

    private static string Header(PipelineResponseHeaders headers, string name) =>
        headers.TryGetValue(name, out var value) && value is not null ? value : throw new Xunit.Sdk.XunitException($"No {name} header.");
}
