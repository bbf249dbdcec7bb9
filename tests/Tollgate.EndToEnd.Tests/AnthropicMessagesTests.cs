using System.Text;
using Anthropic.Models.Messages;
using Tollgate.EndToEnd.Tests.Support;
using Tollgate.Testing.Clients;
using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests;

[Collection(GatewayCollection.Name)]
public sealed class AnthropicMessagesTests(GatewayFixture fixture)
{
    private const string Model = SdkClients.AnthropicModel;

    private static MessageCreateParams Ask(string text) => new()
    {
        Model = Model,
        MaxTokens = 256,
        Messages = [new UserMessageParam(text)],
    };

    [Fact]
    public async Task A_message_is_answered_with_tollgate_headers_and_recorded_at_the_catalog_price()
    {
        using var response = await fixture.Anthropic().WithRawResponse.Messages.Create(Ask("What is a virtual key?"));
        var message = await response.Deserialize();

        Assert.True(message.Content[0].TryPickText(out var text));
        Assert.False(string.IsNullOrWhiteSpace(text.Text));
        Assert.Equal(StopReason.EndTurn, message.StopReason!.Value());
        Assert.True(message.Usage.InputTokens > 0);
        Assert.True(message.Usage.OutputTokens > 0);
        var requestId = Assert.Single(response.GetHeaderValues("x-tollgate-request-id"));
        Assert.Equal(Model, Assert.Single(response.GetHeaderValues("x-tollgate-model")));
        Assert.Equal("bypass", Assert.Single(response.GetHeaderValues("x-tollgate-cache"))); // no temperature 0: not cached
        var cost = Wire.ParseCost(Assert.Single(response.GetHeaderValues("x-tollgate-cost-usd")));

        var expected = PublishedPrices.ClaudeHaiku45(message.Usage.InputTokens, message.Usage.OutputTokens);
        Assert.Equal(expected, cost);
        var entry = await fixture.Gateway.GetLedgerEntryAsync(requestId);
        Assert.NotNull(entry);
        Assert.Equal("/v1/messages", entry.Endpoint);
        Assert.Equal("anthropic", entry.Provider);
        Assert.Equal(Model, entry.ServedModel);
        Assert.Equal(message.Usage.InputTokens, entry.InputTokens);
        Assert.Equal(message.Usage.OutputTokens, entry.OutputTokens);
        Assert.Equal(expected, entry.CostUsd);
        Assert.Equal(200, entry.Status);
    }

    [Fact]
    public async Task A_streamed_message_has_the_text_and_usage_of_the_whole_one()
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
    public async Task A_message_stream_relays_every_event_the_provider_sent_including_ping()
    {
        const string body = """{"model":"claude-haiku-4-5","max_tokens":200,"stream":true,"messages":[{"role":"user","content":"Name the stream events."}]}""";
        using var direct = await fixture.Simulator.Http.SendAsync(Wire.Post("v1/messages", body), HttpCompletionOption.ResponseHeadersRead);
        var expected = await ServerSentEvents.ReadAllAsync(await direct.Content.ReadAsStreamAsync());

        using var relayed = await fixture.Gateway.Http.SendAsync(Wire.Post("v1/messages", body), HttpCompletionOption.ResponseHeadersRead);
        var events = await ServerSentEvents.ReadAllAsync(await relayed.Content.ReadAsStreamAsync());

        Assert.Equal(expected, events);
        var names = events.Select(e => e.Name ?? "").Distinct().ToArray();
        Assert.Equal(
            ["message_start", "content_block_start", "ping", "content_block_delta", "content_block_stop", "message_delta", "message_stop"],
            names);
        var delta = Wire.Parse(events.Single(e => e.Name == "message_delta").Data);
        var start = Wire.Parse(events.Single(e => e.Name == "message_start").Data);
        // The row is committed before the client gets message_stop: read once, no wait.
        var entry = await fixture.Gateway.GetLedgerEntryAsync(Wire.Header(relayed, "x-tollgate-request-id"));
        Assert.NotNull(entry);
        Assert.False(entry.IsPending);
        Assert.True(entry.Stream);
        Assert.Equal(200, entry.Status);
        Assert.Equal(start.GetProperty("message").GetProperty("usage").GetProperty("input_tokens").GetInt64(), entry.InputTokens);
        Assert.Equal(delta.GetProperty("usage").GetProperty("output_tokens").GetInt64(), entry.OutputTokens);
        Assert.Equal(PublishedPrices.ClaudeHaiku45(entry.InputTokens, entry.OutputTokens), entry.CostUsd);
    }

    [Fact]
    public async Task Count_tokens_is_answered_as_the_provider_answers_it()
    {
        var request = new MessageCountTokensParams { Model = Model, Messages = [new UserMessageParam("Count me, please.")] };

        var relayed = await fixture.Anthropic().Messages.CountTokens(request);
        var direct = await SdkClients.Anthropic(fixture.Simulator.BaseAddress).Messages.CountTokens(request);
        var message = await fixture.Anthropic().Messages.Create(Ask("Count me, please."));

        Assert.True(relayed.InputTokens > 0);
        Assert.Equal(direct.InputTokens, relayed.InputTokens);
        Assert.Equal(message.Usage.InputTokens, relayed.InputTokens);
    }
}
