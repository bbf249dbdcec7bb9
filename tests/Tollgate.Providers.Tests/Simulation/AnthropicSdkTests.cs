using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Anthropic.Exceptions;
using Anthropic.Models;
using Anthropic.Models.Messages;

namespace Tollgate.Providers.Tests.Simulation;

[Collection(SimulatorCollection.Name)]
public sealed class AnthropicSdkTests(SimulatorFixture fixture)
{
    private const string Model = "claude-haiku-4-5";

    private static Tool WeatherTool => new()
    {
        Name = "get_weather",
        Description = "Current weather for a city",
        InputSchema = new InputSchema
        {
            Properties = new Dictionary<string, JsonElement>
            {
                ["city"] = JsonDocument.Parse("""{"type":"string"}""").RootElement,
                ["unit"] = JsonDocument.Parse("""{"type":"string","enum":["celsius","fahrenheit"]}""").RootElement,
            },
            Required = ["city"],
        },
    };

    private static MessageCreateParams Ask(string text, int maxTokens = 256) => new()
    {
        Model = Model,
        MaxTokens = maxTokens,
        Messages = [new UserMessageParam(text)],
    };

    [Fact]
    public async Task A_message_has_text_end_turn_and_usage()
    {
        var message = await fixture.Anthropic().Messages.Create(Ask("What is a budget?"));

        Assert.StartsWith("msg_", message.ID, StringComparison.Ordinal);
        Assert.True(message.Content[0].TryPickText(out var text));
        Assert.False(string.IsNullOrWhiteSpace(text.Text));
        Assert.Equal(StopReason.EndTurn, message.StopReason!.Value());
        Assert.True(message.Usage.InputTokens > 0);
        Assert.True(message.Usage.OutputTokens > 0);
        Assert.Equal(0, message.Usage.CacheReadInputTokens);
        Assert.Equal(0, message.Usage.CacheCreationInputTokens);
    }

    [Fact]
    public async Task A_streamed_message_has_the_same_text_and_usage_as_the_whole_one()
    {
        var client = fixture.Anthropic();
        var whole = await client.Messages.Create(Ask("Summarise the plan."));
        Assert.True(whole.Content[0].TryPickText(out var wholeText));

        var text = new StringBuilder();
        long? inputTokens = null;
        long? outputTokens = null;
        StopReason? stop = null;
        await foreach (var streamed in client.Messages.CreateStreaming(Ask("Summarise the plan.")))
        {
            if (streamed.TryPickStart(out var start))
            {
                inputTokens = start.Message.Usage.InputTokens;
            }
            else if (streamed.TryPickContentBlockDelta(out var delta) && delta.Delta.TryPickText(out var piece))
            {
                text.Append(piece.Text);
            }
            else if (streamed.TryPickDelta(out var messageDelta))
            {
                outputTokens = messageDelta.Usage.OutputTokens;
                stop = messageDelta.Delta.StopReason?.Value();
            }
        }

        Assert.Equal(wholeText.Text, text.ToString());
        Assert.Equal(whole.Usage.InputTokens, inputTokens);
        Assert.Equal(whole.Usage.OutputTokens, outputTokens);
        Assert.Equal(StopReason.EndTurn, stop);
    }

    [Fact]
    public async Task Max_tokens_truncates_with_stop_reason_max_tokens()
    {
        var message = await fixture.Anthropic().Messages.Create(Ask("Write a long essay.", maxTokens: 4));

        Assert.Equal(StopReason.MaxTokens, message.StopReason!.Value());
        Assert.InRange(message.Usage.OutputTokens, 1, 4);
    }

    [Fact]
    public async Task A_request_with_tools_gets_a_tool_use_block()
    {
        var request = Ask("Weather in Oslo?") with { Tools = [WeatherTool] };

        var message = await fixture.Anthropic().Messages.Create(request);

        Assert.Equal(StopReason.ToolUse, message.StopReason!.Value());
        Assert.True(message.Content[0].TryPickToolUse(out var toolUse));
        Assert.Equal("get_weather", toolUse.Name);
        Assert.StartsWith("toolu_", toolUse.ID, StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.String, toolUse.Input["city"].ValueKind);
        Assert.Contains(toolUse.Input["unit"].GetString(), new[] { "celsius", "fahrenheit" });
    }

    [Fact]
    public async Task A_streamed_tool_use_sends_the_input_as_json_deltas()
    {
        var request = Ask("Weather in Bergen?") with { Tools = [WeatherTool], ToolChoice = new ToolChoiceTool("get_weather") };
        var whole = await fixture.Anthropic().Messages.Create(request);
        Assert.True(whole.Content[0].TryPickToolUse(out var wholeToolUse));

        var json = new StringBuilder();
        await foreach (var streamed in fixture.Anthropic().Messages.CreateStreaming(request))
        {
            if (streamed.TryPickContentBlockDelta(out var delta) && delta.Delta.TryPickInputJson(out var partial))
            {
                json.Append(partial.PartialJson);
            }
        }

        using var streamedInput = JsonDocument.Parse(json.ToString());
        Assert.Equal(wholeToolUse.Input["city"].GetString(), streamedInput.RootElement.GetProperty("city").GetString());
    }

    [Fact]
    public async Task A_tool_result_is_answered_with_text()
    {
        var request = new MessageCreateParams
        {
            Model = Model,
            MaxTokens = 256,
            Tools = [WeatherTool],
            Messages =
            [
                new UserMessageParam("Weather in Oslo?"),
                new UserMessageParam(new List<ContentBlockParam> { new ToolResultBlockParam("toolu_1") { Content = "Sunny, 21 degrees." } }),
            ],
        };

        var message = await fixture.Anthropic().Messages.Create(request);

        Assert.Equal(StopReason.EndTurn, message.StopReason!.Value());
        Assert.True(message.Content[0].TryPickText(out _));
    }

    [Fact]
    public async Task Count_tokens_matches_the_input_tokens_a_message_reports()
    {
        var client = fixture.Anthropic();
        var message = await client.Messages.Create(Ask("Count me, please."));

        var count = await client.Messages.CountTokens(new MessageCountTokensParams { Model = Model, Messages = [new UserMessageParam("Count me, please.")] });

        Assert.Equal(message.Usage.InputTokens, count.InputTokens);
    }

    [Fact]
    public async Task A_rate_limit_marker_surfaces_as_a_rate_limit_exception()
    {
        var error = await Assert.ThrowsAsync<AnthropicRateLimitException>(() => fixture.Anthropic().Messages.Create(Ask("hi [[fault:429]]")));

        Assert.Equal(HttpStatusCode.TooManyRequests, error.StatusCode);
        Assert.Equal(ErrorType.RateLimitError, error.Type!.Value());
    }

    [Theory]
    [InlineData("500", 500, ErrorType.ApiError, typeof(Anthropic5xxException))]
    [InlineData("529", 529, ErrorType.OverloadedError, typeof(AnthropicOverloadedException))]
    public async Task Server_fault_markers_surface_as_the_sdks_exception_for_the_status(string kind, int status, ErrorType type, System.Type exception)
    {
        var error = await Assert.ThrowsAnyAsync<AnthropicApiException>(() => fixture.Anthropic().Messages.Create(Ask($"hi [[fault:{kind}]]")));

        Assert.IsType(exception, error);
        Assert.Equal(status, (int)error.StatusCode);
        Assert.Equal(type, error.Type!.Value());
        Assert.False(string.IsNullOrEmpty(error.ApiMessage));
    }

    [Fact]
    public async Task A_missing_model_surfaces_as_a_bad_request()
    {
        var request = new MessageCreateParams { Model = "", MaxTokens = 10, Messages = [new UserMessageParam("hi")] };

        var error = await Assert.ThrowsAsync<AnthropicBadRequestException>(() => fixture.Anthropic().Messages.Create(request));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal(ErrorType.InvalidRequestError, error.Type!.Value());
    }

    [Fact]
    public async Task A_stream_cut_marker_resets_the_connection_after_some_content_and_before_the_final_events()
    {
        var received = new StringBuilder();
        var finalEvents = new List<string>();

        // The SDK hands on the transport's error as it is: the simulator aborts the connection, so a reset.
        var error = await Assert.ThrowsAsync<IOException>(async () =>
        {
            await foreach (var streamed in fixture.Anthropic().Messages.CreateStreaming(Ask("Tell me more. [[fault:stream-cut]]")))
            {
                if (streamed.TryPickContentBlockDelta(out var delta) && delta.Delta.TryPickText(out var piece))
                {
                    received.Append(piece.Text);
                }
                else if (streamed.TryPickContentBlockStop(out _))
                {
                    finalEvents.Add("content_block_stop");
                }
                else if (streamed.TryPickDelta(out _))
                {
                    finalEvents.Add("message_delta");
                }
                else if (streamed.TryPickStop(out _))
                {
                    finalEvents.Add("message_stop");
                }
            }
        });

        Assert.Equal(SocketError.ConnectionReset, Assert.IsType<SocketException>(error.InnerException).SocketErrorCode);
        Assert.True(received.Length > 0, "no text arrived before the cut");
        Assert.Empty(finalEvents);
    }
}
