using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Tollgate.EndToEnd.Tests;

/// <summary>
/// A body the gateway admits but the provider does not (over Anthropic's 32 MB or OpenAI's 50 MB, through a gateway
/// whose limit was raised to 64 MiB) reaches the provider, and its 413 comes back to the client in the provider's own
/// shape, as a ledger row like any other answer of the provider.
/// </summary>
public sealed class ProviderBodyLimitTests(LargeBodyLimitGatewayFixture fixture) : IClassFixture<LargeBodyLimitGatewayFixture>
{
    [Theory]
    [InlineData("v1/messages", """{"model":"claude-haiku-4-5","max_tokens":10,"messages":[{"role":"user","content":"Hello"}]}""", 32L * 1024 * 1024, "request_too_large")]
    [InlineData("v1/chat/completions", """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hello"}]}""", 50L * 1024 * 1024, "server_error")]
    public async Task A_body_over_the_providers_limit_gets_the_providers_413_and_a_ledger_row(string path, string json, long providerLimit, string errorType)
    {
        // The document, then spaces up to one byte over the provider's limit: sound JSON the gateway reads and forwards.
        var body = new byte[providerLimit + 1];
        Array.Fill(body, (byte)' ');
        Encoding.UTF8.GetBytes(json, body);
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("anthropic-version", "2023-06-01");
        using var http = new HttpClient { BaseAddress = fixture.Gateway.BaseAddress };

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.True((int)response.StatusCode == 413, $"{(int)response.StatusCode}: {text}");
        using var document = JsonDocument.Parse(text);
        Assert.Equal(errorType, document.RootElement.GetProperty("error").GetProperty("type").GetString());
        var requestId = Assert.Single(response.Headers.GetValues("x-tollgate-request-id"));
        var entry = await fixture.Gateway.GetLedgerEntryAsync(requestId);
        Assert.NotNull(entry);
        Assert.Equal(413, entry.Status);
        Assert.Equal(errorType, entry.ErrorType);
    }
}
