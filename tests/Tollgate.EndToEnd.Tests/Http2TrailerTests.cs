using System.Net;
using Tollgate.EndToEnd.Tests.Support;
using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests;

/// <summary>
/// A stream's headers leave before its usage is known, so its cost reaches HTTP/2 clients as an
/// <c>x-tollgate-cost-usd</c> trailer, once the row is committed. Today the only way to get an HTTP/2 listener
/// is ASP.NET Core's own <c>Kestrel__EndpointDefaults__Protocols=Http2</c> variable: the default listener answers
/// a prior-knowledge HTTP/2 client with an empty reply, <c>--config</c> has no Kestrel section, and https
/// listeners fail at start. This test uses that variable until TLS listeners work.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class Http2TrailerTests(GatewayFixture fixture)
{
    [Fact]
    public async Task A_streams_cost_reaches_an_HTTP2_client_as_a_trailer_equal_to_its_ledger_row()
    {
        var simulator = fixture.Simulator;
        await using var gateway = await GatewayProcess.StartAsync(
            new Dictionary<string, string?>
            {
                ["OPENAI_BASE_URL"] = simulator.OpenAIBaseUrl,
                ["OPENAI_API_KEY"] = GatewayServer.OpenAIProviderKey,
                ["ANTHROPIC_BASE_URL"] = simulator.AnthropicBaseUrl,
                ["ANTHROPIC_API_KEY"] = GatewayServer.AnthropicProviderKey,
                ["Kestrel__EndpointDefaults__Protocols"] = "Http2",
            },
            httpVersion: HttpVersion.Version20);
        var streams = new[]
        {
            ("v1/chat/completions", """{"model":"gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"What does a trailer carry?"}]}""", "data: [DONE]"),
            ("v1/messages", """{"model":"claude-haiku-4-5","max_tokens":200,"stream":true,"messages":[{"role":"user","content":"What does a trailer carry?"}]}""", "event: message_stop"),
        };

        foreach (var (path, body, finalEvent) in streams)
        {
            using var request = Wire.Post(path, body);
            request.Version = HttpVersion.Version20;
            request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
            using var response = await gateway.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            var text = await response.Content.ReadAsStringAsync(); // trailers arrive after the body's end

            Assert.Equal(HttpVersion.Version20, response.Version);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {text}");
            Assert.Contains(finalEvent, text, StringComparison.Ordinal);
            Assert.False(response.Headers.Contains("x-tollgate-cost-usd"), $"{path}: a stream's cost is not known when its headers leave");
            Assert.True(response.TrailingHeaders.TryGetValues("x-tollgate-cost-usd", out var trailer), $"{path}: no cost trailer; trailers: {response.TrailingHeaders}");
            var cost = Wire.ParseCost(Assert.Single(trailer));
            var entry = await gateway.GetLedgerEntryAsync(Wire.Header(response, "x-tollgate-request-id"));
            Assert.NotNull(entry);
            Assert.Equal(200, entry.Status);
            Assert.True(entry.Stream);
            Assert.True(entry.CostUsd > 0m, $"{path}: cost {entry.CostUsd}");
            Assert.Equal(entry.CostUsd, cost);
        }
    }
}
