using Anthropic.Models.Messages;
using Tollgate.Core.Ledger;
using Tollgate.EndToEnd.Tests.Support;
using Tollgate.Testing.Clients;
using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests;

/// <summary>
/// A stream's final event reaches the client only after its ledger row is committed: the row is read the moment
/// the client sees <c>[DONE]</c> or <c>message_stop</c>, once, without waiting, while the upstream stream is still open.
/// </summary>
public sealed class StreamSettlementTests(LateCloseGatewayFixture fixture) : IClassFixture<LateCloseGatewayFixture>
{
    [Fact]
    public async Task An_openai_stream_row_is_settled_when_the_client_sees_done()
    {
        const string body = """{"model":"gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"Settle before done."}]}""";

        var (requestId, entry) = await ReadUntilFinalEventAsync("v1/chat/completions", body, e => e.Data == "[DONE]");

        AssertSettled(requestId, entry);
    }

    [Fact]
    public async Task An_openai_stream_that_asked_for_usage_has_its_row_settled_when_the_client_sees_done()
    {
        const string body = """{"model":"gpt-4o-mini","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"Settle with usage."}]}""";

        var (requestId, entry) = await ReadUntilFinalEventAsync("v1/chat/completions", body, e => e.Data == "[DONE]");

        AssertSettled(requestId, entry);
    }

    [Fact]
    public async Task An_anthropic_stream_row_is_settled_when_the_client_sees_message_stop()
    {
        const string body = """{"model":"claude-haiku-4-5","max_tokens":200,"stream":true,"messages":[{"role":"user","content":"Settle before stop."}]}""";

        var (requestId, entry) = await ReadUntilFinalEventAsync("v1/messages", body, e => e.Name == "message_stop");

        AssertSettled(requestId, entry);
    }

    [Fact]
    public async Task The_anthropic_sdk_finds_the_row_settled_when_it_receives_message_stop()
    {
        var client = fixture.Anthropic();
        var request = new MessageCreateParams { Model = SdkClients.AnthropicModel, MaxTokens = 200, Messages = [new UserMessageParam("Settle for the SDK.")] };
        string? requestId = null;
        LedgerEntry? entry = null;
        using var response = await client.WithRawResponse.Messages.CreateStreaming(request);
        requestId = Assert.Single(response.GetHeaderValues("x-tollgate-request-id"));
        await foreach (var streamed in response.Enumerate())
        {
            if (streamed.TryPickStop(out _))
            {
                entry = await fixture.Gateway.GetLedgerEntryAsync(requestId);
                break;
            }
        }

        AssertSettled(requestId, entry);
    }

    private async Task<(string RequestId, LedgerEntry? Entry)> ReadUntilFinalEventAsync(string path, string body, Func<ServerSentEvent, bool> isFinal)
    {
        using var response = await fixture.Gateway.Http.SendAsync(Wire.Post(path, body), HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        var requestId = Wire.Header(response, "x-tollgate-request-id");
        await using var stream = await response.Content.ReadAsStreamAsync();
        await foreach (var item in ServerSentEvents.ReadAsync(stream))
        {
            if (isFinal(item))
            {
                // No wait and no retry: the row must already be committed.
                return (requestId, await fixture.Gateway.GetLedgerEntryAsync(requestId));
            }
        }

        throw new Xunit.Sdk.XunitException($"The stream of {requestId} ended without its final event.");
    }

    private static void AssertSettled(string requestId, LedgerEntry? entry)
    {
        Assert.True(entry is not null, $"no ledger row for {requestId} when the client saw the final event");
        Assert.False(entry.IsPending, $"the row of {requestId} was still pending when the client saw the final event");
        Assert.Equal(200, entry.Status);
        Assert.True(entry.Stream);
        Assert.True(entry.InputTokens > 0, $"input tokens {entry.InputTokens}");
        Assert.True(entry.OutputTokens > 0, $"output tokens {entry.OutputTokens}");
        Assert.True(entry.CostUsd > 0m, $"cost {entry.CostUsd}");
    }
}
