using System.Text;
using Anthropic.Models.Messages;
using OpenAI.Chat;
using Tollgate.Testing.Clients;
using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests;

/// <summary>
/// A provider stream that breaks after its first text reaches the official SDKs as an error after that text, never as a
/// hang nor as a shorter answer that looks complete: the gateway ends it with the error event of the client's protocol
/// (and, for chat completions, resets the connection after it). Each test records the bytes the SDK read.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class BrokenStreamSdkTests(GatewayFixture fixture)
{
    [Fact]
    public async Task The_openai_sdk_raises_an_error_after_the_text_of_a_chat_stream_the_provider_cut()
    {
        using var recorder = new RecordingHandler();
        using var http = new HttpClient(recorder);
        var chat = SdkClients.OpenAIChat(fixture.Gateway.BaseAddress, http);

        var text = new StringBuilder();
        var error = await Record.ExceptionAsync(async () =>
        {
            await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage("Tell me about cut streams. [[fault:stream-cut]]")]))
            {
                foreach (var part in update.ContentUpdate)
                {
                    text.Append(part.Text);
                }
            }
        });

        Assert.True(text.Length > 0, "text streamed before the cut");
        Assert.IsAssignableFrom<IOException>(error);
        var raw = recorder.Body;
        Assert.Contains("data: {\"error\":{\"message\":\"The provider's stream broke off", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("[DONE]", raw, StringComparison.Ordinal);
        Assert.EndsWith("\"code\":\"upstream_stream_cut\"}}\n\n", raw, StringComparison.Ordinal);
        var entry = await fixture.Gateway.WaitForSettledEntryAsync(recorder.RequestId!);
        Assert.Equal("upstream_stream_cut", entry.ErrorType);
        Assert.True(entry.OutputTokens > 0, "the streamed text is billed");
    }

    [Fact]
    public async Task The_anthropic_sdk_raises_the_error_event_after_the_text_of_a_messages_stream_the_provider_cut()
    {
        using var recorder = new RecordingHandler();
        using var http = new HttpClient(recorder);
        var client = SdkClients.Anthropic(fixture.Gateway.BaseAddress, http);
        var ask = new MessageCreateParams { Model = SdkClients.AnthropicModel, MaxTokens = 256, Messages = [new UserMessageParam("Tell me about cut streams. [[fault:stream-cut]]")] };

        var text = new StringBuilder();
        var error = await Record.ExceptionAsync(async () =>
        {
            await foreach (var streamed in client.Messages.CreateStreaming(ask))
            {
                if (streamed.TryPickContentBlockDelta(out var delta) && delta.Delta.TryPickText(out var piece))
                {
                    text.Append(piece.Text);
                }
            }
        });

        Assert.True(text.Length > 0, "text streamed before the cut");
        Assert.NotNull(error);
        Assert.IsNotAssignableFrom<IOException>(error); // the SDK read the error event, not a broken connection
        Assert.Contains("broke off", error.Message + error.InnerException?.Message, StringComparison.Ordinal);
        Assert.EndsWith("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"The provider's stream broke off before the answer was complete. Tollgate does not restart a stream that has begun; send the request again.\"}}\n\n", recorder.Body, StringComparison.Ordinal);
        var entry = await fixture.Gateway.WaitForSettledEntryAsync(recorder.RequestId!);
        Assert.Equal("upstream_stream_cut", entry.ErrorType);
    }
}
