// The official SDK marks its Responses client experimental (OPENAI001); the controls must serve it as it ships.
#pragma warning disable OPENAI001

using Anthropic.Models.Messages;
using OpenAI.Chat;
using OpenAI.Responses;
using Tollgate.EndToEnd.Tests.Caching;
using Tollgate.Testing.Clients;

namespace Tollgate.EndToEnd.Tests.Controls;

/// <summary>
/// A row is marked <c>output_capped</c> by the answer's own stop reason (<c>finish_reason: length</c>,
/// <c>stop_reason: max_tokens</c>, a response <c>incomplete</c> for <c>max_output_tokens</c>), whole and streamed,
/// and only when the limit that stopped it is one the gateway injected or lowered: a caller's own limit is no cap.
/// </summary>
public sealed class OutputCapDetectionTests(ControlsGateway fixture) : IClassFixture<ControlsGateway>
{
    [Fact]
    public async Task A_chat_stream_the_injected_default_cut_is_marked_capped()
    {
        using var clients = fixture.ClientsFor("brief");
        ChatFinishReason? finish = null;

        await foreach (var update in clients.Chat.CompleteChatStreamingAsync([new UserChatMessage(ControlsGateway.Unique("Explain a ledger row at length."))]))
        {
            finish ??= update.FinishReason;
        }

        var row = await fixture.RowAsync(clients.Headers.LastRequestId!);
        Assert.Equal(ChatFinishReason.Length, finish);
        Assert.True(row.Stream);
        Assert.True(row.OutputCapped);
    }

    [Fact]
    public async Task A_chat_stream_its_callers_own_limit_cut_is_not_marked()
    {
        using var clients = fixture.ClientsFor("terse");
        ChatFinishReason? finish = null;

        await foreach (var update in clients.Chat.CompleteChatStreamingAsync(
            [new UserChatMessage(ControlsGateway.Unique("Explain a ledger row at length."))],
            new ChatCompletionOptions { MaxOutputTokenCount = 3 }))
        {
            finish ??= update.FinishReason;
        }

        var row = await fixture.RowAsync(clients.Headers.LastRequestId!);
        Assert.Equal(ChatFinishReason.Length, finish);
        Assert.False(row.OutputCapped);
    }

    [Fact]
    public async Task A_whole_message_the_lowered_cap_stopped_is_marked_in_the_row_and_the_header()
    {
        using var clients = fixture.ClientsFor("brief");

        using var response = await clients.Anthropic.WithRawResponse.Messages.Create(Ask(400, "Describe the relay in detail."));
        var message = await response.Deserialize();
        var row = await fixture.RowAsync(Assert.Single(response.GetHeaderValues("x-tollgate-request-id")));

        Assert.Equal(StopReason.MaxTokens, message.StopReason!.Value());
        Assert.True(row.OutputCapped);
        Assert.Equal(["true"], response.GetHeaderValues("x-tollgate-output-capped"));
    }

    [Fact]
    public async Task A_whole_message_its_callers_own_max_tokens_stopped_is_not_marked()
    {
        using var clients = fixture.ClientsFor("brief");

        // 5 is within the cap of 12: the gateway leaves the caller's limit as it is.
        using var response = await clients.Anthropic.WithRawResponse.Messages.Create(Ask(5, "Describe the relay in detail."));
        var message = await response.Deserialize();
        var row = await fixture.RowAsync(Assert.Single(response.GetHeaderValues("x-tollgate-request-id")));

        Assert.Equal(StopReason.MaxTokens, message.StopReason!.Value());
        Assert.False(row.OutputCapped);
        Assert.DoesNotContain(response.Headers, header => string.Equals(header.Key, "x-tollgate-output-capped", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_message_stream_the_lowered_cap_stopped_is_marked_capped()
    {
        using var clients = fixture.ClientsFor("brief");
        StopReason? stop = null;

        await foreach (var streamed in clients.Anthropic.Messages.CreateStreaming(Ask(400, "Describe the settlement in detail.")))
        {
            if (streamed.TryPickDelta(out var delta))
            {
                stop = delta.Delta.StopReason?.Value();
            }
        }

        var row = await fixture.RowAsync(clients.Headers.LastRequestId!);
        Assert.Equal(StopReason.MaxTokens, stop);
        Assert.True(row.OutputCapped);
    }

    [Fact]
    public async Task A_response_stream_the_injected_default_left_incomplete_is_marked_capped()
    {
        using var clients = fixture.ClientsFor("brief");
        ResponseStatus? status = null;

        await foreach (var update in await clients.Responses.CreateResponseStreamingAsync(
            new CreateResponseOptions(SdkClients.OpenAIModel, [ResponseItem.CreateUserMessageItem(ControlsGateway.Unique("Explain budgets at length."))]) { StreamingEnabled = true }))
        {
            if (update is StreamingResponseIncompleteUpdate incomplete)
            {
                status = incomplete.Response.Status;
            }
        }

        var row = await fixture.RowAsync(clients.Headers.LastRequestId!);
        Assert.Equal(ResponseStatus.Incomplete, status);
        Assert.True(row.OutputCapped);
    }

    [Fact]
    public async Task A_response_its_callers_own_max_output_tokens_left_incomplete_is_not_marked()
    {
        using var clients = fixture.ClientsFor("terse");

        var result = await clients.Responses.CreateResponseAsync(
            new CreateResponseOptions(SdkClients.OpenAIModel, [ResponseItem.CreateUserMessageItem(ControlsGateway.Unique("Explain budgets at length."))]) { MaxOutputTokenCount = 16 });
        var row = await fixture.RowAsync(CacheClients.Header(result, "x-tollgate-request-id")!);

        Assert.Equal(ResponseStatus.Incomplete, result.Value.Status);
        Assert.False(row.OutputCapped);
        Assert.Null(CacheClients.Header(result, "x-tollgate-output-capped"));
    }

    private static MessageCreateParams Ask(long maxTokens, string text) => new()
    {
        Model = SdkClients.AnthropicModel,
        MaxTokens = maxTokens,
        Messages = [new UserMessageParam(ControlsGateway.Unique(text))],
    };
}
