using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Tollgate.EndToEnd.Tests.Caching;

namespace Tollgate.EndToEnd.Tests.Routing;

/// <summary>
/// A request whose text has no UTF-8 form (an unpaired surrogate escape, bytes that are not UTF-8) sent to a model of
/// the other family: it cannot be translated, so it is refused with a 400 in the client's own error shape saying
/// where the text is wrong, never a 500, and its row says so.
/// </summary>
public sealed class TranslationUnsoundTextTests(TranslationGateway fixture) : IClassFixture<TranslationGateway>
{
    [Theory]
    [InlineData("v1/chat/completions", "to-claude", """{"model":"gpt-4.1","messages":[{"role":"user","content":"caf\ud800 au lait"}]}""")]
    [InlineData("v1/responses", "to-claude", """{"model":"gpt-4.1","input":"caf\ud800 au lait"}""")]
    [InlineData("v1/messages", "to-gpt", """{"model":"claude-sonnet-4-5","max_tokens":50,"messages":[{"role":"user","content":"caf\ud800 au lait"}]}""")]
    public async Task An_unpaired_surrogate_sent_to_the_other_family_gets_a_400_in_the_clients_shape(string path, string feature, string body)
    {
        var call = await RawCall.PostAsync(fixture.Http, path, body, ("x-tollgate-feature", feature));

        Assert.True(call.Status == 400, call.Body);
        using var document = JsonDocument.Parse(call.Body);
        var error = document.RootElement.GetProperty("error");
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Contains("no low surrogate in string", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        if (path == "v1/messages")
        {
            Assert.Equal("error", document.RootElement.GetProperty("type").GetString());
        }

        var row = await fixture.RowAsync(call.RequestId);
        Assert.Equal(400, row.Status);
        Assert.True(row.CostUsd is null or 0m, $"cost {row.CostUsd}");
    }

    [Fact]
    public async Task Bytes_that_are_not_utf8_sent_to_the_other_family_get_a_400_naming_where_they_are()
    {
        var body = Encoding.UTF8.GetBytes("""{"model":"gpt-4.1","messages":[{"role":"user","content":"caf? au lait"}]}""");
        body[Array.IndexOf(body, (byte)'?')] = 0xFF;
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("x-tollgate-feature", "to-claude");

        using var response = await fixture.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.True((int)response.StatusCode == 400, text);
        Assert.True(text.Contains("invalid utf-8 encoding in string: line 1 column 61 (char 60)", StringComparison.Ordinal), text);
        Assert.Contains(TranslationGateway.Claude, text, StringComparison.Ordinal);
    }
}
