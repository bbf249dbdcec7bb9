// The Responses client of the official OpenAI SDK is marked experimental (OPENAI001); these tests exist to prove the
// simulator speaks to that very client, so they use it as it ships.
#pragma warning disable OPENAI001

using System.ClientModel;
using System.Text;
using System.Text.Json;
using OpenAI.Responses;

namespace Tollgate.Providers.Tests.Simulation.Responses;

/// <summary>The simulated provider answers OpenAI's Responses API as OpenAI does, through the official SDK.</summary>
[Collection(SimulatorCollection.Name)]
public sealed class ResponsesSdkTests(SimulatorFixture fixture)
{
    private const string Model = "gpt-4o-mini";

    private static readonly ResponseTool WeatherTool = ResponseTool.CreateFunctionTool(
        "get_weather",
        BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"},"unit":{"type":"string","enum":["celsius","fahrenheit"]},"days":{"type":"integer","minimum":1,"maximum":7}},"required":["city"]}"""),
        strictModeEnabled: false,
        "Current weather for a city");

    private ResponsesClient Client() => new(new ApiKeyCredential("k"), fixture.ResponsesOptions());

    private static CreateResponseOptions Ask(string text) => new(Model, [ResponseItem.CreateUserMessageItem(text)]);

    /// <summary>The SDK streams only options that say so.</summary>
    private static CreateResponseOptions Streamed(CreateResponseOptions options)
    {
        options.StreamingEnabled = true;
        return options;
    }

    [Fact]
    public async Task A_response_has_text_usage_and_ids_shaped_like_openai_ones()
    {
        ResponseResult response = await Client().CreateResponseAsync(Ask("What is a budget?"));

        Assert.StartsWith("resp_", response.Id, StringComparison.Ordinal);
        Assert.Equal(ResponseStatus.Completed, response.Status);
        var message = Assert.IsAssignableFrom<MessageResponseItem>(Assert.Single(response.OutputItems));
        Assert.StartsWith("msg_", message.Id, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(response.GetOutputText()));
        Assert.True(response.Usage.InputTokenCount > 0);
        Assert.True(response.Usage.OutputTokenCount > 0);
        Assert.Equal(response.Usage.InputTokenCount + response.Usage.OutputTokenCount, response.Usage.TotalTokenCount);
        Assert.Equal(0, response.Usage.InputTokenDetails.CachedTokenCount);
        Assert.Equal(0, response.Usage.OutputTokenDetails.ReasoningTokenCount);
    }

    [Fact]
    public async Task A_streamed_response_sends_every_event_in_order_and_its_deltas_add_up_to_the_text()
    {
        var client = Client();
        ResponseResult whole = await client.CreateResponseAsync(Ask("Summarise the plan."));

        var updates = new List<StreamingResponseUpdate>();
        await foreach (var update in await client.CreateResponseStreamingAsync(Streamed(Ask("Summarise the plan."))))
        {
            updates.Add(update);
        }

        var deltas = updates.OfType<StreamingResponseOutputTextDeltaUpdate>().ToList();
        Assert.NotEmpty(deltas);
        Type[] expected =
        [
            typeof(StreamingResponseCreatedUpdate), typeof(StreamingResponseInProgressUpdate), typeof(StreamingResponseOutputItemAddedUpdate),
            typeof(StreamingResponseContentPartAddedUpdate), .. deltas.Select(d => d.GetType()), typeof(StreamingResponseOutputTextDoneUpdate),
            typeof(StreamingResponseContentPartDoneUpdate), typeof(StreamingResponseOutputItemDoneUpdate), typeof(StreamingResponseCompletedUpdate),
        ];
        Assert.Equal(expected, updates.Select(u => u.GetType()));
        Assert.Equal(Enumerable.Range(0, updates.Count), updates.Select(u => u.SequenceNumber));

        var completed = (StreamingResponseCompletedUpdate)updates[^1];
        var text = string.Concat(deltas.Select(d => d.Delta));
        Assert.Equal(completed.Response.GetOutputText(), text);
        Assert.Equal(whole.GetOutputText(), text);
        Assert.Equal(whole.Usage.InputTokenCount, completed.Response.Usage.InputTokenCount);
        Assert.Equal(whole.Usage.OutputTokenCount, completed.Response.Usage.OutputTokenCount);
        Assert.True(completed.Response.Usage.OutputTokenCount > 0);
    }

    [Fact]
    public async Task A_function_tool_gets_a_function_call_whose_arguments_match_the_schema()
    {
        var options = Ask("Weather in Oslo?");
        options.Tools.Add(WeatherTool);

        ResponseResult response = await Client().CreateResponseAsync(options);

        var call = Assert.IsType<FunctionCallResponseItem>(Assert.Single(response.OutputItems));
        Assert.Equal("get_weather", call.FunctionName);
        Assert.StartsWith("fc_", call.Id, StringComparison.Ordinal);
        Assert.StartsWith("call_", call.CallId, StringComparison.Ordinal);
        using var arguments = JsonDocument.Parse(call.FunctionArguments);
        Assert.Equal(JsonValueKind.String, arguments.RootElement.GetProperty("city").ValueKind);
        Assert.Contains(arguments.RootElement.GetProperty("unit").GetString(), new[] { "celsius", "fahrenheit" });
        Assert.InRange(arguments.RootElement.GetProperty("days").GetInt32(), 1, 7);
    }

    [Fact]
    public async Task A_streamed_function_call_sends_the_same_arguments_in_deltas()
    {
        var options = Ask("Weather in Bergen?");
        options.Tools.Add(WeatherTool);
        ResponseResult whole = await Client().CreateResponseAsync(options);

        var arguments = new StringBuilder();
        StreamingResponseFunctionCallArgumentsDoneUpdate? done = null;
        await foreach (var update in await Client().CreateResponseStreamingAsync(Streamed(options)))
        {
            arguments.Append((update as StreamingResponseFunctionCallArgumentsDeltaUpdate)?.Delta?.ToString());
            done ??= update as StreamingResponseFunctionCallArgumentsDoneUpdate;
        }

        var call = Assert.IsType<FunctionCallResponseItem>(Assert.Single(whole.OutputItems));
        Assert.NotNull(done);
        Assert.Equal(call.FunctionArguments.ToString(), arguments.ToString());
        Assert.Equal(call.FunctionArguments.ToString(), done.FunctionArguments.ToString());
    }

    [Fact]
    public async Task A_function_call_output_is_answered_with_text()
    {
        var options = new CreateResponseOptions(Model,
        [
            ResponseItem.CreateUserMessageItem("Weather in Oslo?"),
            ResponseItem.CreateFunctionCallItem("call_1", "get_weather", BinaryData.FromString("""{"city":"Oslo"}""")),
            ResponseItem.CreateFunctionCallOutputItem("call_1", "Sunny, 21 degrees."),
        ]);
        options.Tools.Add(WeatherTool);

        ResponseResult response = await Client().CreateResponseAsync(options);

        Assert.IsAssignableFrom<MessageResponseItem>(Assert.Single(response.OutputItems));
        Assert.False(string.IsNullOrWhiteSpace(response.GetOutputText()));
    }

    [Fact]
    public async Task Tool_choice_none_gets_text_even_with_tools()
    {
        var options = Ask("Weather in Oslo?");
        options.Tools.Add(WeatherTool);
        options.ToolChoice = ResponseToolChoice.CreateNoneChoice();

        ResponseResult response = await Client().CreateResponseAsync(options);

        Assert.IsAssignableFrom<MessageResponseItem>(Assert.Single(response.OutputItems));
    }

    [Fact]
    public async Task Max_output_tokens_cuts_the_answer_and_leaves_the_response_incomplete()
    {
        var options = Ask("Write a long essay about ledgers.");
        options.MaxOutputTokenCount = 16;

        ResponseResult response = await Client().CreateResponseAsync(options);

        Assert.Equal(ResponseStatus.Incomplete, response.Status);
        Assert.Equal(ResponseIncompleteStatusReason.MaxOutputTokens, response.IncompleteStatusDetails.Reason);
        Assert.InRange(response.Usage.OutputTokenCount, 1, 16);
    }

    [Fact]
    public async Task A_streamed_response_cut_by_max_output_tokens_ends_with_response_incomplete()
    {
        var options = Ask("Write a long essay about ledgers.");
        options.MaxOutputTokenCount = 16;

        var updates = new List<StreamingResponseUpdate>();
        await foreach (var update in await Client().CreateResponseStreamingAsync(Streamed(options)))
        {
            updates.Add(update);
        }

        var incomplete = Assert.IsType<StreamingResponseIncompleteUpdate>(updates[^1]);
        Assert.Equal(ResponseStatus.Incomplete, incomplete.Response.Status);
        Assert.Empty(updates.OfType<StreamingResponseCompletedUpdate>());
        Assert.InRange(incomplete.Response.Usage.OutputTokenCount, 1, 16);
    }

    [Fact]
    public async Task Max_output_tokens_below_16_is_refused_with_openai_400()
    {
        var options = Ask("Hello");
        options.MaxOutputTokenCount = 15;

        var error = await Assert.ThrowsAsync<ClientResultException>(() => Client().CreateResponseAsync(options));

        Assert.Equal(400, error.Status);
        using var body = JsonDocument.Parse(error.GetRawResponse()!.Content);
        var detail = body.RootElement.GetProperty("error");
        Assert.Equal("Invalid 'max_output_tokens': integer below minimum value. Expected a value >= 16, but got 15 instead.", detail.GetProperty("message").GetString());
        Assert.Equal("invalid_request_error", detail.GetProperty("type").GetString());
        Assert.Equal("max_output_tokens", detail.GetProperty("param").GetString());
        Assert.Equal("integer_below_min_value", detail.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Previous_response_id_counts_the_earlier_turn_as_input()
    {
        var client = Client();
        ResponseResult first = await client.CreateResponseAsync(Ask("Name a lever that saves money."));
        var next = Ask("And another one?");
        next.PreviousResponseId = first.Id;

        ResponseResult second = await client.CreateResponseAsync(next);
        ResponseResult alone = await client.CreateResponseAsync(Ask("And another one?"));

        Assert.Equal(first.Id, second.PreviousResponseId);
        Assert.True(
            second.Usage.InputTokenCount > alone.Usage.InputTokenCount + first.Usage.InputTokenCount - 3 + first.Usage.OutputTokenCount - 3,
            $"{second.Usage.InputTokenCount} input tokens after {first.Usage.InputTokenCount} in and {first.Usage.OutputTokenCount} out; {alone.Usage.InputTokenCount} alone");
    }

    [Fact]
    public async Task A_stored_response_is_retrieved_and_deleted()
    {
        var client = Client();
        ResponseResult created = await client.CreateResponseAsync(Ask("Keep this one."));

        ResponseResult retrieved = await client.GetResponseAsync(created.Id);
        ResponseDeletionResult deleted = await client.DeleteResponseAsync(created.Id);
        var gone = await Assert.ThrowsAsync<ClientResultException>(() => client.GetResponseAsync(created.Id));

        Assert.Equal(created.Id, retrieved.Id);
        Assert.Equal(created.GetOutputText(), retrieved.GetOutputText());
        Assert.Equal(created.Usage.TotalTokenCount, retrieved.Usage.TotalTokenCount);
        Assert.True(deleted.Deleted);
        Assert.Equal(404, gone.Status);
        using var body = JsonDocument.Parse(gone.GetRawResponse()!.Content);
        Assert.Equal($"Response with id '{created.Id}' not found.", body.RootElement.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_response_made_with_store_false_is_not_kept()
    {
        var options = Ask("Forget this one.");
        options.StoredOutputEnabled = false;
        var client = Client();
        ResponseResult created = await client.CreateResponseAsync(options);

        var error = await Assert.ThrowsAsync<ClientResultException>(() => client.GetResponseAsync(created.Id));

        Assert.Equal(404, error.Status);
    }

    [Fact]
    public async Task Input_items_are_listed_newest_first_with_ids()
    {
        var client = Client();
        ResponseResult created = await client.CreateResponseAsync(new CreateResponseOptions(Model,
        [
            ResponseItem.CreateUserMessageItem("first"),
            ResponseItem.CreateAssistantMessageItem("second"),
            ResponseItem.CreateUserMessageItem("third"),
        ]));

        var items = new List<ResponseItem>();
        await foreach (var item in client.GetResponseInputItemsAsync(new ResponseItemCollectionOptions(created.Id)))
        {
            items.Add(item);
        }

        Assert.Equal(["third", "second", "first"], items.Select(i => ((MessageResponseItem)i).Content[0].Text));
        Assert.All(items, i => Assert.StartsWith("msg_", i.Id, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cancelling_a_response_that_is_not_in_the_background_is_refused()
    {
        var client = Client();
        ResponseResult created = await client.CreateResponseAsync(Ask("Not in the background."));

        var error = await Assert.ThrowsAsync<ClientResultException>(() => client.CancelResponseAsync(created.Id));

        Assert.Equal(400, error.Status);
        using var body = JsonDocument.Parse(error.GetRawResponse()!.Content);
        Assert.Equal("Cannot cancel a synchronous response.", body.RootElement.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_rate_limit_marker_surfaces_as_a_429_with_retry_after()
    {
        var error = await Assert.ThrowsAsync<ClientResultException>(() => Client().CreateResponseAsync(Ask("hello [[fault:429]]")));

        Assert.Equal(429, error.Status);
        Assert.Equal("1", error.GetRawResponse()!.Headers.TryGetValue("retry-after", out var retryAfter) ? retryAfter : null);
        using var body = JsonDocument.Parse(error.GetRawResponse()!.Content);
        Assert.Equal("rate_limit_exceeded", body.RootElement.GetProperty("error").GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("500", 500)]
    [InlineData("529", 503)]
    public async Task Server_fault_markers_surface_with_their_status(string kind, int status)
    {
        var error = await Assert.ThrowsAsync<ClientResultException>(() => Client().CreateResponseAsync(Ask($"hello [[fault:{kind}]]")));

        Assert.Equal(status, error.Status);
    }

    [Fact]
    public async Task A_stream_cut_marker_breaks_the_stream_after_some_text_and_before_the_final_event()
    {
        var updates = new List<StreamingResponseUpdate>();
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await foreach (var update in await Client().CreateResponseStreamingAsync(Streamed(Ask("Tell me more. [[fault:stream-cut]]"))))
            {
                updates.Add(update);
            }
        });

        Assert.IsType<IOException>(error);
        Assert.NotEmpty(updates.OfType<StreamingResponseOutputTextDeltaUpdate>());
        Assert.Empty(updates.OfType<StreamingResponseCompletedUpdate>());
    }
}
