using System.ClientModel;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Anthropic.Exceptions;
using Anthropic.Models.Messages;
using OpenAI.Chat;
using Tollgate.EndToEnd.Tests.Support;
using Tollgate.Testing.Clients;
using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests;

/// <summary>Provider errors reach the SDK as if it had called the provider itself: same exception, status, headers and body.</summary>
[Collection(GatewayCollection.Name)]
public sealed class ProviderErrorTests(GatewayFixture fixture)
{
    [Theory]
    [InlineData("429", 429, "rate_limit_exceeded")]
    [InlineData("500", 500, "server_error")]
    [InlineData("529", 503, "server_error")]
    public async Task An_openai_provider_error_reaches_the_sdk_as_it_would_directly(string fault, int status, string errorType)
    {
        ChatMessage[] ask = [new UserChatMessage($"Hello [[fault:{fault}]]")];

        var direct = await Assert.ThrowsAsync<ClientResultException>(() => SdkClients.OpenAIChat(fixture.Simulator.BaseAddress).CompleteChatAsync(ask));
        var relayed = await Assert.ThrowsAsync<ClientResultException>(() => fixture.OpenAIChat().CompleteChatAsync(ask));

        Assert.Equal(status, relayed.Status);
        Assert.Equal(direct.Status, relayed.Status);
        var directResponse = direct.GetRawResponse()!;
        var relayedResponse = relayed.GetRawResponse()!;
        Assert.Equal(directResponse.Content.ToString(), relayedResponse.Content.ToString());
        Assert.Equal(directResponse.Headers.TryGetValue("retry-after", out var directRetry), relayedResponse.Headers.TryGetValue("retry-after", out var relayedRetry));
        Assert.Equal(directRetry, relayedRetry);
        if (status == 429)
        {
            Assert.Equal("1", relayedRetry);
        }

        Assert.True(relayedResponse.Headers.TryGetValue("x-tollgate-request-id", out var requestId));
        var entry = await fixture.Gateway.GetLedgerEntryAsync(requestId!);
        Assert.NotNull(entry);
        Assert.Equal(status, entry.Status);
        Assert.Equal(errorType, entry.ErrorType); // the error body's code, else its type
    }

    [Theory]
    [InlineData("429", 429, typeof(AnthropicRateLimitException))]
    [InlineData("500", 500, typeof(Anthropic5xxException))]
    [InlineData("529", 529, typeof(AnthropicOverloadedException))]
    public async Task An_anthropic_provider_error_reaches_the_sdk_as_it_would_directly(string fault, int status, System.Type exception)
    {
        var request = new MessageCreateParams { Model = SdkClients.AnthropicModel, MaxTokens = 64, Messages = [new UserMessageParam($"Hello [[fault:{fault}]]")] };

        var direct = await Assert.ThrowsAnyAsync<AnthropicApiException>(() => SdkClients.Anthropic(fixture.Simulator.BaseAddress).Messages.Create(request));
        var relayed = await Assert.ThrowsAnyAsync<AnthropicApiException>(() => fixture.Anthropic().Messages.Create(request));

        Assert.IsType(exception, direct);
        Assert.IsType(exception, relayed);
        Assert.Equal(status, (int)relayed.StatusCode);
        Assert.Equal(direct.StatusCode, relayed.StatusCode);
        Assert.Equal(direct.Type!.Value(), relayed.Type!.Value());
        Assert.Equal(direct.ApiMessage, relayed.ApiMessage);
        Assert.True(JsonNode.DeepEquals(WithoutRequestId(direct.ResponseBody), WithoutRequestId(relayed.ResponseBody)), relayed.ResponseBody);
    }

    [Fact]
    public async Task A_rate_limit_on_a_stream_reaches_the_client_with_its_retry_after_and_error_body()
    {
        const string body = """{"model":"gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"hi [[fault:429]]"}]}""";

        using var direct = await fixture.Simulator.Http.SendAsync(Wire.Post("v1/chat/completions", body));
        using var relayed = await fixture.Gateway.Http.SendAsync(Wire.Post("v1/chat/completions", body));

        Assert.Equal(429, (int)relayed.StatusCode);
        Assert.Equal(direct.Headers.RetryAfter, relayed.Headers.RetryAfter);
        Assert.Equal(await direct.Content.ReadAsStringAsync(), await relayed.Content.ReadAsStringAsync());
        var entry = await fixture.Gateway.GetLedgerEntryAsync(Wire.Header(relayed, "x-tollgate-request-id"));
        Assert.Equal(429, entry!.Status);
        Assert.Equal("rate_limit_exceeded", entry.ErrorType);
    }

    [Fact]
    public async Task A_chat_stream_the_provider_cuts_ends_with_an_openai_error_chunk_then_a_reset_and_is_recorded_as_cut()
    {
        const string body = """{"model":"gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"Tell me more. [[fault:stream-cut]]"}]}""";
        var (received, ending, requestId) = await ReadCutStreamAsync("v1/chat/completions", body);

        // The error chunk for SDKs that read it, then the reset for those that skip it (the .NET SDK): neither takes the
        // part it received for a whole answer.
        var error = Assert.IsType<IOException>(ending);
        Assert.Equal(SocketError.ConnectionReset, Assert.IsType<SocketException>(error.InnerException).SocketErrorCode);
        Assert.Contains(received, IsContent);
        Assert.DoesNotContain(received, IsFinal);
        var last = Wire.Parse(received[^1].Data).GetProperty("error");
        Assert.Null(received[^1].Name);
        Assert.Equal(("server_error", "upstream_stream_cut"), (last.GetProperty("type").GetString(), last.GetProperty("code").GetString()));
        await AssertRecordedAsCutAsync(requestId);
    }

    [Fact]
    public async Task A_messages_stream_the_provider_cuts_ends_with_an_anthropic_error_event_and_is_recorded_as_cut()
    {
        const string body = """{"model":"claude-haiku-4-5","max_tokens":200,"stream":true,"messages":[{"role":"user","content":"Tell me more. [[fault:stream-cut]]"}]}""";
        var (received, ending, requestId) = await ReadCutStreamAsync("v1/messages", body);

        Assert.Null(ending); // Anthropic ends a failed stream after its error event
        Assert.Contains(received, IsContent);
        Assert.DoesNotContain(received, IsFinal);
        Assert.Equal("error", received[^1].Name);
        var last = Wire.Parse(received[^1].Data);
        Assert.Equal("error", last.GetProperty("type").GetString());
        Assert.Equal("api_error", last.GetProperty("error").GetProperty("type").GetString());
        await AssertRecordedAsCutAsync(requestId);
    }

    /// <summary>Reads a stream the provider cuts: its events, what ended it (null for a clean end), its request id.</summary>
    private async Task<(List<ServerSentEvent> Received, Exception? Ending, string RequestId)> ReadCutStreamAsync(string path, string body)
    {
        using var response = await fixture.Gateway.Http.SendAsync(Wire.Post(path, body), HttpCompletionOption.ResponseHeadersRead);
        var requestId = Wire.Header(response, "x-tollgate-request-id");
        var received = new List<ServerSentEvent>();
        Assert.Equal(200, (int)response.StatusCode);
        var stream = await response.Content.ReadAsStreamAsync();
        var ending = await Record.ExceptionAsync(async () =>
        {
            await foreach (var item in ServerSentEvents.ReadAsync(stream))
            {
                received.Add(item);
            }
        });

        return (received, ending, requestId);
    }

    private async Task AssertRecordedAsCutAsync(string requestId)
    {
        var entry = await fixture.Gateway.GetLedgerEntryAsync(requestId);
        Assert.NotNull(entry);
        Assert.False(entry.IsPending, "the row was not settled before the client saw the cut");
        Assert.Equal(200, entry.Status);
        Assert.Equal("upstream_stream_cut", entry.ErrorType);
        Assert.StartsWith("provider cut the stream", entry.Warning, StringComparison.Ordinal);
    }

    /// <summary>A piece of the answer: an OpenAI chunk with content, or an Anthropic text delta.</summary>
    private static bool IsContent(ServerSentEvent item) =>
        item.Name == "content_block_delta"
        || (item.Name is null && item.Data != "[DONE]" && Wire.Parse(item.Data).TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array
            && choices.GetArrayLength() > 0 && choices[0].GetProperty("delta").TryGetProperty("content", out var content) && content.GetString() is { Length: > 0 });

    /// <summary>An event a provider sends only once the answer is complete.</summary>
    private static bool IsFinal(ServerSentEvent item) =>
        item.Data == "[DONE]"
        || item.Name is "content_block_stop" or "message_delta" or "message_stop"
        || (item.Name is null && Wire.Parse(item.Data).TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array
            && choices.GetArrayLength() > 0 && choices[0].GetProperty("finish_reason").ValueKind != JsonValueKind.Null);

    [Fact]
    public async Task A_provider_that_does_not_answer_in_time_gets_504_in_each_protocols_shape()
    {
        await using var gateway = await GatewayServer.StartAsync(fixture.Simulator, new GatewayServerOptions
        {
            Environment = { ["Tollgate__UpstreamTimeoutSeconds"] = "1" },
        });

        using var openAI = await gateway.Http.SendAsync(Wire.Post("v1/chat/completions", """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi [[fault:timeout]]"}]}"""));
        using var anthropic = await gateway.Http.SendAsync(Wire.Post("v1/messages", """{"model":"claude-haiku-4-5","max_tokens":10,"stream":true,"messages":[{"role":"user","content":"hi [[fault:timeout]]"}]}"""));

        Assert.Equal(504, (int)openAI.StatusCode);
        var openAIText = await openAI.Content.ReadAsStringAsync();
        Assert.Equal(JsonValueKind.String, Wire.Parse(openAIText).GetProperty("error").GetProperty("message").ValueKind);
        Assert.Equal(504, (int)anthropic.StatusCode);
        var anthropicText = await anthropic.Content.ReadAsStringAsync();
        Assert.Equal("error", Wire.Parse(anthropicText).GetProperty("type").GetString());
        Wire.AssertNoStackTrace(openAIText + anthropicText);
        foreach (var response in new[] { openAI, anthropic })
        {
            var entry = await gateway.GetLedgerEntryAsync(Wire.Header(response, "x-tollgate-request-id"));
            Assert.Equal(504, entry!.Status);
            Assert.Equal("upstream_timeout", entry.ErrorType);
        }
    }

    /// <summary>Anthropic error bodies name the provider's own request id, different for every call.</summary>
    private static JsonNode WithoutRequestId(string body)
    {
        var node = JsonNode.Parse(body)!.AsObject();
        Assert.NotNull(node["request_id"]);
        node.Remove("request_id");
        return node;
    }
}
