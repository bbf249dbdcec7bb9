using System.Text;
using System.Text.Json;
using Anthropic.Models.Messages;
using OpenAI.Chat;
using Tollgate.EndToEnd.Tests.Caching;

namespace Tollgate.EndToEnd.Tests.Routing;

/// <summary>
/// A feature pinned to a model of the other provider family, through the official SDKs on both sides: an OpenAI chat
/// client served by Claude, an Anthropic client served by GPT, whole and streamed, with a tool call round trip. The
/// provider receives its own protocol; the client reads its own; the row is billed at the served model's price.
/// </summary>
public sealed class TranslationTests(TranslationGateway fixture) : IClassFixture<TranslationGateway>
{
    private static readonly ChatTool OpenAIWeatherTool = ChatTool.CreateFunctionTool(
        "get_weather",
        "Current weather for a city",
        BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}"""));

    private static Tool AnthropicWeatherTool => new()
    {
        Name = "get_weather",
        Description = "Current weather for a city",
        InputSchema = new InputSchema
        {
            Properties = new Dictionary<string, JsonElement> { ["city"] = JsonDocument.Parse("""{"type":"string"}""").RootElement },
            Required = ["city"],
        },
    };

    [Fact]
    public async Task An_openai_chat_client_gets_a_claude_answer_in_its_own_form_with_a_tool_call_round_trip()
    {
        using var clients = fixture.ClientsFor("to-claude");
        var chat = clients.ChatFor("gpt-4.1");
        var options = new ChatCompletionOptions { Tools = { OpenAIWeatherTool } };
        ChatMessage[] ask = [new SystemChatMessage("You report the weather."), new UserChatMessage(TranslationGateway.Unique("Weather in Oslo?"))];

        var first = await chat.CompleteChatAsync(ask, options);
        var call = Assert.Single(first.Value.ToolCalls);
        ChatMessage[] followUp = [.. ask, new AssistantChatMessage(first.Value), new ToolChatMessage(call.Id, "Sunny, 21 degrees.")];
        var second = await chat.CompleteChatAsync(followUp, options);

        Assert.Equal(ChatFinishReason.ToolCalls, first.Value.FinishReason);
        Assert.Equal("get_weather", call.FunctionName);
        Assert.Equal(JsonValueKind.String, JsonDocument.Parse(call.FunctionArguments).RootElement.GetProperty("city").ValueKind);
        Assert.Equal(ChatFinishReason.Stop, second.Value.FinishReason);
        Assert.False(string.IsNullOrWhiteSpace(second.Value.Content[0].Text));
        Assert.StartsWith(TranslationGateway.Claude, CacheClients.Header(second, "x-tollgate-model"), StringComparison.Ordinal);

        // Claude received Anthropic's form: the system prompt apart, the call as tool_use, its result as tool_result.
        var requestId = CacheClients.Header(second, "x-tollgate-request-id")!;
        using var upstream = await fixture.UpstreamBodyAsync(requestId);
        var body = upstream.RootElement;
        Assert.Equal(TranslationGateway.Claude, body.GetProperty("model").GetString());
        Assert.Equal("You report the weather.", body.GetProperty("system")[0].GetProperty("text").GetString());
        var turns = body.GetProperty("messages");
        Assert.Equal(["user", "assistant", "user"], turns.EnumerateArray().Select(turn => turn.GetProperty("role").GetString()));
        Assert.Equal(call.Id, turns[1].GetProperty("content")[0].GetProperty("id").GetString());
        Assert.Equal("tool_result", turns[2].GetProperty("content")[0].GetProperty("type").GetString());
        Assert.True(body.GetProperty("max_tokens").GetInt64() > 0);

        var row = await fixture.AssertServedAsync(requestId, "anthropic", TranslationGateway.Claude);
        Assert.Equal(second.Value.Usage.InputTokenCount, row.InputTokens);
        Assert.Equal(second.Value.Usage.OutputTokenCount, row.OutputTokens);
        Assert.Equal("gpt-4.1", row.RequestedModel);
    }

    [Fact]
    public async Task A_streamed_openai_chat_answer_from_claude_carries_its_tool_call_and_usage_chunk_by_chunk()
    {
        using var clients = fixture.ClientsFor("to-claude");
        var options = new ChatCompletionOptions { Tools = { OpenAIWeatherTool } };
        ChatMessage[] ask = [new UserChatMessage(TranslationGateway.Unique("Weather in Bergen?"))];

        var arguments = new StringBuilder();
        string? name = null, id = null;
        ChatFinishReason? finish = null;
        ChatTokenUsage? usage = null;
        var updates = 0;
        await foreach (var update in clients.ChatFor("gpt-4.1").CompleteChatStreamingAsync(ask, options))
        {
            updates++;
            foreach (var call in update.ToolCallUpdates)
            {
                name ??= call.FunctionName;
                id ??= call.ToolCallId;
                arguments.Append(call.FunctionArgumentsUpdate?.ToString());
            }

            finish ??= update.FinishReason;
            usage ??= update.Usage;
        }

        Assert.Equal("get_weather", name);
        Assert.StartsWith("toolu_", id, StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.String, JsonDocument.Parse(arguments.ToString()).RootElement.GetProperty("city").ValueKind);
        Assert.Equal(ChatFinishReason.ToolCalls, finish);
        Assert.True(updates > 3, $"{updates} updates: the stream did not arrive piece by piece");
        Assert.NotNull(usage);
        var row = await fixture.AssertServedAsync(clients.Headers.LastRequestId!, "anthropic", TranslationGateway.Claude);
        Assert.Equal(usage.InputTokenCount, row.InputTokens);
        Assert.Equal(usage.OutputTokenCount, row.OutputTokens);
        Assert.True(row.Stream);
    }

    [Fact]
    public async Task A_streamed_text_answer_from_claude_reads_as_the_whole_one_would()
    {
        using var clients = fixture.ClientsFor("to-claude");
        ChatMessage[] ask = [new UserChatMessage(TranslationGateway.Unique("Describe the harbour at dawn."))];
        var options = new ChatCompletionOptions { MaxOutputTokenCount = 60 };

        var text = new StringBuilder();
        await foreach (var update in clients.ChatFor("gpt-4.1").CompleteChatStreamingAsync(ask, options))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }
        }

        Assert.False(string.IsNullOrWhiteSpace(text.ToString()));
        var row = await fixture.AssertServedAsync(clients.Headers.LastRequestId!, "anthropic", TranslationGateway.Claude);
        Assert.Equal(60, (await fixture.UpstreamBodyAsync(row.RequestId)).RootElement.GetProperty("max_tokens").GetInt64());
    }

    [Fact]
    public async Task An_anthropic_client_gets_a_gpt_answer_in_its_own_form_with_a_tool_use_round_trip()
    {
        using var clients = fixture.ClientsFor("to-gpt");
        var prompt = TranslationGateway.Unique("Weather in Tromsø?");
        var request = new MessageCreateParams
        {
            Model = "claude-sonnet-4-5",
            MaxTokens = 256,
            System = "You report the weather.",
            Tools = [AnthropicWeatherTool],
            Messages = [new UserMessageParam(prompt)],
        };

        var first = await clients.Anthropic.Messages.Create(request);
        Assert.Equal(StopReason.ToolUse, first.StopReason!.Value());
        var toolUse = first.Content.Select(block => block.TryPickToolUse(out var use) ? use : null).Single(use => use is not null)!;
        var followUp = request with
        {
            Messages =
            [
                new UserMessageParam(prompt),
                new AssistantMessageParam(new List<ContentBlockParam> { new ToolUseBlockParam { ID = toolUse.ID, Name = toolUse.Name, Input = toolUse.Input } }),
                new UserMessageParam(new List<ContentBlockParam> { new ToolResultBlockParam(toolUse.ID) { Content = "Snow, -4 degrees." } }),
            ],
        };
        var second = await clients.Anthropic.Messages.Create(followUp);

        Assert.Equal("get_weather", toolUse.Name);
        Assert.Equal(JsonValueKind.String, toolUse.Input["city"].ValueKind);
        Assert.Equal(StopReason.EndTurn, second.StopReason!.Value());
        Assert.True(second.Content[0].TryPickText(out var text));
        Assert.False(string.IsNullOrWhiteSpace(text.Text));
        Assert.StartsWith(TranslationGateway.Gpt, clients.Headers.LastModel, StringComparison.Ordinal);

        // GPT received OpenAI's form: the system message first, the tool_use as tool_calls, the result as a tool message.
        using var upstream = await fixture.UpstreamBodyAsync(clients.Headers.LastRequestId!);
        var messages = upstream.RootElement.GetProperty("messages");
        Assert.Equal(["system", "user", "assistant", "tool"], messages.EnumerateArray().Select(message => message.GetProperty("role").GetString()));
        Assert.Equal(toolUse.ID, messages[2].GetProperty("tool_calls")[0].GetProperty("id").GetString());
        Assert.Equal(toolUse.ID, messages[3].GetProperty("tool_call_id").GetString());
        Assert.Equal(256, upstream.RootElement.GetProperty("max_completion_tokens").GetInt64());

        var row = await fixture.AssertServedAsync(clients.Headers.LastRequestId!, "openai", TranslationGateway.Gpt);
        Assert.Equal(second.Usage.InputTokens + (second.Usage.CacheReadInputTokens ?? 0) + (second.Usage.CacheCreationInputTokens ?? 0), row.InputTokens);
        Assert.Equal(second.Usage.OutputTokens, row.OutputTokens);
    }

    [Fact]
    public async Task A_streamed_anthropic_answer_from_gpt_carries_its_tool_use_and_usage_event_by_event()
    {
        using var clients = fixture.ClientsFor("to-gpt");
        var request = new MessageCreateParams
        {
            Model = "claude-sonnet-4-5",
            MaxTokens = 256,
            Tools = [AnthropicWeatherTool],
            Messages = [new UserMessageParam(TranslationGateway.Unique("Weather in Narvik?"))],
        };

        var json = new StringBuilder();
        string? toolName = null;
        StopReason? stop = null;
        long? outputTokens = null;
        var events = 0;
        await foreach (var streamed in clients.Anthropic.Messages.CreateStreaming(request))
        {
            events++;
            if (streamed.TryPickContentBlockStart(out var start) && start.ContentBlock.TryPickToolUse(out var use))
            {
                toolName = use.Name;
            }

            if (streamed.TryPickContentBlockDelta(out var delta) && delta.Delta.TryPickInputJson(out var partial))
            {
                json.Append(partial.PartialJson);
            }

            if (streamed.TryPickDelta(out var messageDelta))
            {
                stop = messageDelta.Delta.StopReason?.Value();
                outputTokens = messageDelta.Usage.OutputTokens;
            }
        }

        Assert.Equal("get_weather", toolName);
        Assert.Equal(JsonValueKind.String, JsonDocument.Parse(json.ToString()).RootElement.GetProperty("city").ValueKind);
        Assert.Equal(StopReason.ToolUse, stop);
        Assert.True(events > 4, $"{events} events");
        var row = await fixture.AssertServedAsync(clients.Headers.LastRequestId!, "openai", TranslationGateway.Gpt);
        Assert.Equal(outputTokens, row.OutputTokens);
        Assert.True(row.Stream);
    }
}
