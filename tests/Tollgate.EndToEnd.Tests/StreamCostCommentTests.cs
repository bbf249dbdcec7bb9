using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text;
using Anthropic;
using Anthropic.Models.Messages;
using OpenAI;
using OpenAI.Chat;
using Tollgate.Testing;
using Tollgate.Testing.Clients;
using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests;

/// <summary>
/// HTTP/1.1 stream clients read a stream's cost from the stream itself: the comment <c>: x-tollgate-cost-usd=…</c>
/// just ahead of the final event, equal to the committed row. The official SDKs receive it and skip it: each test
/// records the very bytes the SDK read and checks that the SDK parsed the whole answer all the same.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class StreamCostCommentTests(GatewayFixture fixture)
{
    [Fact]
    public async Task The_openai_sdk_streams_to_the_end_past_the_cost_comment_it_received()
    {
        using var recorder = new RecordingHandler();
        using var http = new HttpClient(recorder);
        var chat = SdkClients.OpenAIChat(fixture.Gateway.BaseAddress, http);
        ChatMessage[] messages = [new UserChatMessage("Where does a stream carry its cost?")];
        ChatCompletion whole = await fixture.OpenAIChat().CompleteChatAsync(messages);

        var text = new StringBuilder();
        ChatFinishReason? finish = null;
        ChatTokenUsage? usage = null;
        await foreach (var update in chat.CompleteChatStreamingAsync(messages))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }

            finish ??= update.FinishReason;
            usage ??= update.Usage;
        }

        Assert.Equal(whole.Content[0].Text, text.ToString());
        Assert.Equal(ChatFinishReason.Stop, finish);
        Assert.NotNull(usage);
        await AssertCommentBeforeFinalEventAsync(recorder, "data: [DONE]");
    }

    [Fact]
    public async Task The_anthropic_sdk_streams_to_the_end_past_the_cost_comment_it_received()
    {
        using var recorder = new RecordingHandler();
        using var http = new HttpClient(recorder);
        var client = SdkClients.Anthropic(fixture.Gateway.BaseAddress, http);
        var ask = new MessageCreateParams { Model = SdkClients.AnthropicModel, MaxTokens = 256, Messages = [new UserMessageParam("Where does a stream carry its cost?")] };
        var whole = await fixture.Anthropic().Messages.Create(ask);
        Assert.True(whole.Content[0].TryPickText(out var wholeText));

        var text = new StringBuilder();
        StopReason? stop = null;
        var stopped = false;
        await foreach (var streamed in client.Messages.CreateStreaming(ask))
        {
            if (streamed.TryPickContentBlockDelta(out var delta) && delta.Delta.TryPickText(out var piece))
            {
                text.Append(piece.Text);
            }
            else if (streamed.TryPickDelta(out var messageDelta))
            {
                stop = messageDelta.Delta.StopReason?.Value();
            }
            else if (streamed.TryPickStop(out _))
            {
                stopped = true;
            }
        }

        Assert.Equal(wholeText.Text, text.ToString());
        Assert.Equal(StopReason.EndTurn, stop);
        Assert.True(stopped, "the SDK saw message_stop");
        await AssertCommentBeforeFinalEventAsync(recorder, "event: message_stop");
    }

    private async Task AssertCommentBeforeFinalEventAsync(RecordingHandler recorder, string finalEvent)
    {
        var raw = recorder.Body;
        var entry = await fixture.Gateway.GetLedgerEntryAsync(recorder.RequestId!);
        Assert.NotNull(entry);
        Assert.True(entry.CostUsd > 0m, $"cost {entry.CostUsd}");
        var cost = CostComments.Format(entry.CostUsd);
        Assert.Equal([cost], CostComments.Find(raw));
        Assert.EndsWith(CostComments.Prefix + cost + "\n\n", raw[..raw.LastIndexOf(finalEvent, StringComparison.Ordinal)], StringComparison.Ordinal);
    }
}
