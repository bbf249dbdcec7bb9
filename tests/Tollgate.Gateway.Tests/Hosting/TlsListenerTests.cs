using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;
using Tollgate.Gateway.Hosting;
using Tollgate.Gateway.Tests.Relay;
using Tollgate.Testing;
using Tollgate.Testing.Servers;

namespace Tollgate.Gateway.Tests.Hosting;

/// <summary>
/// An <c>https://</c> listener serves with the certificate its configuration names, and speaks HTTP/2 to clients that
/// offer it: a stream's cost, unknown when its headers leave, then reaches the client as an <c>x-tollgate-cost-usd</c>
/// trailer, equal to its committed row (and to the cost comment before the final event). A certificate that cannot be
/// used stops the start with one clear message.
/// </summary>
public sealed class TlsListenerTests(TlsGatewayFixture fixture) : IClassFixture<TlsGatewayFixture>
{
    [Theory]
    // gpt-4o-mini: (1,230 − 1,152) × 0.15 + 1,152 × 0.075 + 9 × 0.60 = 103.5 per million.
    [InlineData("openai/chat-stream-include-usage.sse", "v1/chat/completions", """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Greet everyone in French."}],"stream":true}""", "0.0001035")]
    // claude-sonnet-4-5: 25 × 3 + 15 × 15 = 300 per million.
    [InlineData("anthropic/message-stream-text.sse", "v1/messages", """{"model":"claude-sonnet-4-5","max_tokens":1024,"stream":true,"messages":[{"role":"user","content":"Hello"}]}""", "0.0003")]
    public async Task Streams_cost_reaches_an_HTTP2_client_over_TLS_as_a_trailer_equal_to_its_row(string file, string path, string json, string cost)
    {
        fixture.Upstream.Serve(new GoldenResponse(file));
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8), Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("anthropic-version", "2023-06-01");
        using var response = await fixture.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var body = await response.Content.ReadAsStringAsync(); // trailers arrive after the body's end
        var entry = await GatewayCalls.LedgerEntryAsync(fixture.Http, GatewayCalls.Headers(response)["x-tollgate-request-id"]);

        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("x-tollgate-cost-usd"), "a stream's cost is not known when its headers leave");
        Assert.True(response.TrailingHeaders.TryGetValues("x-tollgate-cost-usd", out var trailer), $"no cost trailer; trailers: {response.TrailingHeaders}");
        Assert.Equal(cost, Assert.Single(trailer));
        Assert.Equal(decimal.Parse(cost, CultureInfo.InvariantCulture), entry.CostUsd);
        Assert.Equal([cost], CostComments.Find(body));
    }

    [Fact]
    public async Task Whole_answer_over_TLS_carries_its_cost_as_a_header()
    {
        fixture.Upstream.Serve(new GoldenResponse("anthropic/message.json"));
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/messages")
        {
            Content = new StringContent("""{"model":"claude-sonnet-4-5","max_tokens":1024,"messages":[{"role":"user","content":"Wann läuft der Vertrag aus?"}]}""", Encoding.UTF8),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await fixture.Http.SendAsync(request);

        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The same answer as AnthropicRelayTests' message row, priced the same (1-hour cache writes at their own price).
        Assert.Equal("0.01205985", Assert.Single(response.Headers.GetValues("x-tollgate-cost-usd")));
    }

    [Fact]
    public async Task Https_listener_with_a_wrong_certificate_password_stops_the_start_with_a_clear_message()
    {
        using var data = new TemporaryDirectory();
        var options = TlsGatewayFixture.Options(fixture.Certificate.Path, "not-the-password", data.Path, fixture.Upstream);

        var refused = await Assert.ThrowsAsync<GatewayStartupException>(() => GatewayApplication.StartAsync(options, logging => logging.ClearProviders()));

        Assert.StartsWith("Could not start the https listener: ", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Kestrel:Certificates:Default:Path", refused.Message, StringComparison.Ordinal);
        Assert.IsType<System.Security.Cryptography.CryptographicException>(refused.InnerException);
    }

    [Fact]
    public async Task Https_listener_whose_certificate_file_is_missing_stops_the_start_with_a_clear_message()
    {
        using var data = new TemporaryDirectory();
        var options = TlsGatewayFixture.Options(Path.Combine(data.Path, "missing.pfx"), fixture.Certificate.Password, data.Path, fixture.Upstream);

        var refused = await Assert.ThrowsAsync<GatewayStartupException>(() => GatewayApplication.StartAsync(options, logging => logging.ClearProviders()));

        Assert.StartsWith("Could not start the https listener: ", refused.Message, StringComparison.Ordinal);
        Assert.IsType<FileNotFoundException>(refused.InnerException);
    }
}
