// The official SDK marks its Responses client experimental (OPENAI001); it is what applications use, so it is driven here as it ships.
#pragma warning disable OPENAI001

using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text;
using System.Text.Json;
using OpenAI.Responses;
using Tollgate.Gateway.Tests.Relay;
using Tollgate.Testing.Clients;

namespace Tollgate.Gateway.Tests.Resilience;

/// <summary>
/// A stream served through a fallback by the other provider family breaks after its first byte: it ends with the error
/// event of the client's protocol, not the provider's (an OpenAI client gets OpenAI's error chunk from a cut Claude
/// stream, an Anthropic client Anthropic's error event from a cut GPT stream), and it is never restarted on the next
/// model of the chain, though one is left.
/// </summary>
public sealed class TranslatedBrokenStreamTests
{
    [Fact]
    public async Task A_claude_stream_cut_for_an_openai_chat_client_ends_with_openai_error_chunk_and_is_not_restarted()
    {
        await using var gateway = await FallbackGateway.StartAsync(options =>
        {
            options.Resilience.MaxRetries = 0;
            options.Fallbacks["gpt-4o"] = ["claude-sonnet-4-5", "gpt-4o-mini"];
        });
        const string body = """{"model":"gpt-4o","stream":true,"messages":[{"role":"user","content":"Tides, at length. [[fault:529@gpt-4o]] [[fault:stream-cut@claude-sonnet-4-5]]"}]}""";

        using var response = await GatewayCalls.SendAsync(gateway.Gateway.Http, "v1/chat/completions", body);
        var received = new List<ServerSentEvent>();
        var stream = await response.Content.ReadAsStreamAsync();
        var ending = await Record.ExceptionAsync(async () =>
        {
            await foreach (var item in ServerSentEvents.ReadAsync(stream))
            {
                received.Add(item);
            }
        });

        var requestId = gateway.RequestIdOf("Tides, at length.");
        var entry = await gateway.EntryAsync(requestId);
        Assert.IsAssignableFrom<IOException>(ending); // the reset after the error chunk
        Assert.Contains(received, item => item.Data.Contains("\"content\":\"", StringComparison.Ordinal));
        Assert.Null(received[^1].Name);
        using (var last = JsonDocument.Parse(received[^1].Data))
        {
            var error = last.RootElement.GetProperty("error");
            Assert.Equal(("server_error", "upstream_stream_cut"), (error.GetProperty("type").GetString(), error.GetProperty("code").GetString()));
        }

        Assert.DoesNotContain(received, item => item.Data == "[DONE]" || item.Data.Contains("\"finish_reason\":\"", StringComparison.Ordinal));
        Assert.Equal(["gpt-4o", "claude-sonnet-4-5"], gateway.UpstreamModels(requestId));
        Assert.Equal(("anthropic", "upstream_stream_cut"), (entry.Provider, entry.ErrorType));
        Assert.StartsWith("claude-sonnet-4-5", entry.ServedModel, StringComparison.Ordinal);
        Assert.True(entry.OutputTokens > 0, "the streamed text is billed");
    }

    [Fact]
    public async Task A_gpt_stream_cut_for_an_anthropic_client_ends_with_anthropic_error_event_and_is_not_restarted()
    {
        await using var gateway = await FallbackGateway.StartAsync(options =>
        {
            options.Resilience.MaxRetries = 0;
            options.Fallbacks["claude-haiku-4-5"] = ["gpt-4o-mini", "claude-sonnet-4-5"];
        });
        const string body = """{"model":"claude-haiku-4-5","max_tokens":400,"stream":true,"messages":[{"role":"user","content":"Currents, at length. [[fault:529@claude-haiku-4-5]] [[fault:stream-cut@gpt-4o-mini]]"}]}""";

        using var response = await GatewayCalls.SendAsync(gateway.Gateway.Http, "v1/messages", body);
        var call = await GatewayCalls.ReadAsync(response);

        // Anthropic ends a failed stream after its error event (the SDK raises it: BrokenStreamSdkTests).
        var requestId = gateway.RequestIdOf("Currents, at length.");
        var entry = await gateway.EntryAsync(requestId);
        var text = Encoding.UTF8.GetString(call.Body);
        Assert.True(call.EndedCleanly);
        Assert.Contains("event: content_block_delta\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("event: message_stop", text, StringComparison.Ordinal);
        Assert.EndsWith("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"The provider's stream broke off before the answer was complete. Tollgate does not restart a stream that has begun; send the request again.\"}}\n\n", text, StringComparison.Ordinal);
        Assert.Equal(["claude-haiku-4-5", "gpt-4o-mini"], gateway.UpstreamModels(requestId));
        Assert.Equal(("openai", "upstream_stream_cut"), (entry.Provider, entry.ErrorType));
    }

    [Fact]
    public async Task A_claude_stream_cut_for_an_openai_responses_client_ends_with_the_responses_error_update()
    {
        await using var gateway = await FallbackGateway.StartAsync(options =>
        {
            options.Resilience.MaxRetries = 0;
            options.Fallbacks["gpt-4o"] = ["claude-sonnet-4-5"];
        });
        var client = new ResponsesClient(new ApiKeyCredential("sk-client-unused"), new ResponsesClientOptions { Endpoint = new Uri(gateway.BaseAddress, "v1"), RetryPolicy = new ClientRetryPolicy(maxRetries: 0) });
        var ask = new CreateResponseOptions("gpt-4o", [ResponseItem.CreateUserMessageItem("Waves, at length. [[fault:529@gpt-4o]] [[fault:stream-cut@claude-sonnet-4-5]]")]) { StreamingEnabled = true };

        var updates = new List<StreamingResponseUpdate>();
        await foreach (var update in await client.CreateResponseStreamingAsync(ask))
        {
            updates.Add(update);
        }

        var requestId = gateway.RequestIdOf("Waves, at length.");
        var entry = await gateway.EntryAsync(requestId);
        Assert.Contains(updates, update => update is StreamingResponseOutputTextDeltaUpdate { Delta.Length: > 0 });
        var error = Assert.IsType<StreamingResponseErrorUpdate>(updates[^1]);
        Assert.Equal("upstream_stream_cut", error.Code);
        Assert.Equal(updates[^2].SequenceNumber + 1, error.SequenceNumber);
        Assert.Equal(["gpt-4o", "claude-sonnet-4-5"], gateway.UpstreamModels(requestId));
        Assert.Equal(("anthropic", "upstream_stream_cut"), (entry.Provider, entry.ErrorType));
    }
}
