using System.Net.Http.Headers;
using System.Text;
using Tollgate.EndToEnd.Tests.Support;
using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests;

/// <summary>
/// A body whose message text has no UTF-8 form (an unpaired surrogate escape, bytes that are not UTF-8) passes through
/// the gateway untouched, and the client gets the provider's own 400 for it: not a 500, not an empty body.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class UnsoundTextTests(GatewayFixture fixture)
{
    [Fact]
    public async Task An_unpaired_surrogate_in_an_anthropic_message_gets_the_providers_400_naming_it()
    {
        var (status, text) = await PostAsync("v1/messages", Encoding.UTF8.GetBytes("""{"model":"claude-haiku-4-5","max_tokens":10,"messages":[{"role":"user","content":"a\ud800b"}]}"""));

        Assert.True(status == 400, $"{status}: {text}");
        var error = Wire.Parse(text).GetProperty("error");
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.StartsWith("The request body is not valid JSON: no low surrogate in string", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bytes_that_are_not_utf8_in_an_openai_message_get_the_providers_400()
    {
        var body = Encoding.UTF8.GetBytes("""{"model":"gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"a?b"}]}""");
        body[Array.IndexOf(body, (byte)'?')] = 0xC3; // a lead byte with no continuation

        var (status, text) = await PostAsync("v1/chat/completions", body);

        Assert.True(status == 400, $"{status}: {text}");
        var error = Wire.Parse(text).GetProperty("error");
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.StartsWith("We could not parse the JSON body of your request.", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private async Task<(int Status, string Text)> PostAsync(string path, byte[] body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await fixture.Gateway.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Wire.AssertNoStackTrace(text);
        return ((int)response.StatusCode, text);
    }
}
