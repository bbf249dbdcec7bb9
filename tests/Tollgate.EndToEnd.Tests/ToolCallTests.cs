using System.Text;
using System.Text.Json;
using Anthropic.Models.Messages;
using OpenAI.Chat;
using Tollgate.Testing.Clients;
using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests;

/// <summary>Tool definitions go up, tool calls come back, tool results go up again: all as the provider speaks them.</summary>
[Collection(GatewayCollection.Name)]
public sealed class ToolCallTests(GatewayFixture fixture)
{
    private static readonly ChatTool OpenAIWeatherTool = ChatTool.CreateFunctionTool(
        "get_weather",
        "Current weather for a city",
        BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"},"unit":{"type":"string","enum":["celsius","fahrenheit"]}},"required":["city"]}"""));

    private static Tool AnthropicWeatherTool => new()
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

    [Fact]
    public async Task An_openai_tool_call_arrives_as_the_provider_sent_it_and_its_result_gets_text()
    {
        var options = new ChatCompletionOptions { Tools = { OpenAIWeatherTool } };
        ChatMessage[] ask = [new UserChatMessage("Weather in Oslo?")];

        ChatCompletion relayed = await fixture.OpenAIChat().CompleteChatAsync(ask, options);
        ChatCompletion direct = await SdkClients.OpenAIChat(fixture.Simulator.BaseAddress).CompleteChatAsync(ask, options);

        Assert.Equal(ChatFinishReason.ToolCalls, relayed.FinishReason);
        var call = Assert.Single(relayed.ToolCalls);
        Assert.Equal("get_weather", call.FunctionName);
        Assert.Equal(direct.ToolCalls[0].Id, call.Id);
        Assert.Equal(direct.ToolCalls[0].FunctionArguments.ToString(), call.FunctionArguments.ToString());
        using (var arguments = JsonDocument.Parse(call.FunctionArguments))
        {
            Assert.Equal(JsonValueKind.String, arguments.RootElement.GetProperty("city").ValueKind);
        }

        ChatMessage[] followUp = [.. ask, new AssistantChatMessage(relayed), new ToolChatMessage(call.Id, "Sunny, 21 degrees.")];
        ChatCompletion answer = await fixture.OpenAIChat().CompleteChatAsync(followUp, options);

        Assert.Equal(ChatFinishReason.Stop, answer.FinishReason);
        Assert.Empty(answer.ToolCalls);
        Assert.False(string.IsNullOrWhiteSpace(answer.Content[0].Text));
    }

    [Fact]
    public async Task A_streamed_openai_tool_call_carries_the_arguments_of_the_whole_one()
    {
        var options = new ChatCompletionOptions { Tools = { OpenAIWeatherTool } };
        ChatMessage[] ask = [new UserChatMessage("Weather in Bergen?")];
        ChatCompletion whole = await fixture.OpenAIChat().CompleteChatAsync(ask, options);

        var arguments = new StringBuilder();
        string? name = null;
        string? id = null;
        ChatFinishReason? finish = null;
        await foreach (var update in fixture.OpenAIChat().CompleteChatStreamingAsync(ask, options))
        {
            foreach (var call in update.ToolCallUpdates)
            {
                name ??= call.FunctionName;
                id ??= call.ToolCallId;
                arguments.Append(call.FunctionArgumentsUpdate?.ToString());
            }

            finish ??= update.FinishReason;
        }

        Assert.Equal("get_weather", name);
        Assert.Equal(whole.ToolCalls[0].Id, id);
        Assert.Equal(whole.ToolCalls[0].FunctionArguments.ToString(), arguments.ToString());
        Assert.Equal(ChatFinishReason.ToolCalls, finish);
    }

    [Fact]
    public async Task An_anthropic_tool_use_arrives_as_the_provider_sent_it_whole_and_streamed_and_its_result_gets_text()
    {
        var request = new MessageCreateParams
        {
            Model = SdkClients.AnthropicModel,
            MaxTokens = 256,
            Tools = [AnthropicWeatherTool],
            Messages = [new UserMessageParam("Weather in Tromsø?")],
        };

        var relayed = await fixture.Anthropic().Messages.Create(request);
        var direct = await SdkClients.Anthropic(fixture.Simulator.BaseAddress).Messages.Create(request);

        Assert.Equal(StopReason.ToolUse, relayed.StopReason!.Value());
        Assert.True(relayed.Content[0].TryPickToolUse(out var toolUse));
        Assert.True(direct.Content[0].TryPickToolUse(out var directToolUse));
        Assert.Equal("get_weather", toolUse.Name);
        Assert.Equal(directToolUse.ID, toolUse.ID);
        Assert.Equal(JsonSerializer.Serialize(directToolUse.Input), JsonSerializer.Serialize(toolUse.Input));

        var json = new StringBuilder();
        await foreach (var streamed in fixture.Anthropic().Messages.CreateStreaming(request))
        {
            if (streamed.TryPickContentBlockDelta(out var delta) && delta.Delta.TryPickInputJson(out var partial))
            {
                json.Append(partial.PartialJson);
            }
        }

        using (var streamedInput = JsonDocument.Parse(json.ToString()))
        {
            Assert.Equal(toolUse.Input["city"].GetString(), streamedInput.RootElement.GetProperty("city").GetString());
        }

        var followUp = request with
        {
            Messages =
            [
                new UserMessageParam("Weather in Tromsø?"),
                new AssistantMessageParam(new List<ContentBlockParam> { new ToolUseBlockParam { ID = toolUse.ID, Name = toolUse.Name, Input = toolUse.Input } }),
                new UserMessageParam(new List<ContentBlockParam> { new ToolResultBlockParam(toolUse.ID) { Content = "Snow, -4 degrees." } }),
            ],
        };
        var answer = await fixture.Anthropic().Messages.Create(followUp);

        Assert.Equal(StopReason.EndTurn, answer.StopReason!.Value());
        Assert.True(answer.Content[0].TryPickText(out var text));
        Assert.False(string.IsNullOrWhiteSpace(text.Text));
    }
}
