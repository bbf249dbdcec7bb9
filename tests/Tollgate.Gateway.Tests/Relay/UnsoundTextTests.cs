using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Tollgate.Testing.Servers;

namespace Tollgate.Gateway.Tests.Relay;

/// <summary>
/// Bodies whose JSON holds text with no UTF-8 form: an unpaired surrogate escape (<c>"a\ud800b"</c>) or bytes that are
/// not UTF-8. The gateway forwards what it does not read (the provider answers it), refuses with a 400 what it must
/// read (the model, the user), and never fails on either: not when reading, not when estimating the prompt.
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

    [Theory]
    [InlineData("v1/chat/completions", """{"model":"gpt-4o\ud800","messages":[{"role":"user","content":"hi"}]}""", "no low surrogate in string: line 1 column 17 (char 16)")]
    [InlineData("v1/messages", """{"model":"claude-haiku-4-5","max_tokens":10,"metadata":{"user_id":"\udc00"},"messages":[{"role":"user","content":"hi"}]}""", "invalid high surrogate in string")]
    [InlineData("v1/chat/completions", """{"model":"gpt-4o-mini","user":"\ud800\u0041","messages":[{"role":"user","content":"hi"}]}""", "invalid low surrogate in string")]
    public async Task An_unpaired_surrogate_in_a_field_the_gateway_reads_gets_a_400_and_is_not_forwarded(string path, string body, string fault)
    {
        var call = await fixture.CallAsync(new GoldenResponse("openai/chat-completion.json"), path, body);

        Assert.True(call.Status == 400, Encoding.UTF8.GetString(call.Body));
        var error = JsonDocument.Parse(call.Body).RootElement.GetProperty("error");
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Contains(fault, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Null(fixture.Upstream.ReceivedFor(call.RequestId));
    }

    [Fact]
    public async Task Bytes_that_are_not_utf8_in_the_model_get_a_400_and_are_not_forwarded()
    {
        var body = Encoding.UTF8.GetBytes("""{"model":"gpt-4o-mini?","messages":[{"role":"user","content":"hi"}]}""");
        body[Array.IndexOf(body, (byte)'?')] = 0xFF;
        fixture.Upstream.Serve(new GoldenResponse("openai/chat-completion.json"));
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await fixture.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.True((int)response.StatusCode == 400, text);
        Assert.Contains("invalid utf-8 encoding in string", text, StringComparison.Ordinal);
        Assert.Null(fixture.Upstream.ReceivedFor(response.Headers.GetValues("x-tollgate-request-id").Single()));
    }
}
