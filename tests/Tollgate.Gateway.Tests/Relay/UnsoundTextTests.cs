using Tollgate.Testing.Servers;

namespace Tollgate.Gateway.Tests.Relay;

/// <summary>
/// Bodies whose JSON holds text with no UTF-8 form: an unpaired surrogate escape (<c>"a\ud800b"</c>) or bytes that are
/// not UTF-8. The gateway forwards what it does not read (the provider answers it), and does not fail on it when it
/// estimates the prompt.
/// </summary>
[Collection(GoldenRelayCollection.Name)]
public sealed class UnsoundTextTests(GoldenGatewayFixture fixture)
{
    [Fact]
    public async Task An_unpaired_surrogate_in_the_content_is_forwarded_byte_for_byte()
    {
        const string body = """{"model":"o4-mini","messages":[{"role":"user","content":"caf\ud800 au lait"}]}""";

        var call = await fixture.CallAsync(new GoldenResponse("openai/chat-completion.json"), "v1/chat/completions", body);

        Assert.Equal(200, call.Status);
        Assert.Equal(body, fixture.Upstream.ReceivedFor(call.RequestId)?.Body);
    }

    [Fact]
    public async Task A_prompt_with_an_unpaired_surrogate_is_still_estimated_when_no_usage_comes_back()
    {
        // The stream ends with an error chunk and no usage: the row's input is the gateway's own count of the prompt.
        const string body = """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Greet everyone \udc00 in French."}],"stream":true,"stream_options":{"include_usage":true}}""";

        var call = await fixture.CallAsync(new GoldenResponse("openai/chat-stream-error.sse"), "v1/chat/completions", body);
        var entry = await fixture.LedgerEntryAsync(call.RequestId);

        Assert.Equal(200, call.Status);
        Assert.False(entry.IsPending);
        Assert.True(entry.InputTokens > 0, $"input tokens {entry.InputTokens}");
        Assert.Contains("usage estimated", entry.Warning, StringComparison.Ordinal);
    }
}
