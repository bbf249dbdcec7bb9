using System.Net;
using System.Text.Json;
using Tollgate.EndToEnd.Tests.Support;
using Tollgate.Testing;
using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests;

/// <summary>
/// A stream's headers leave before its usage is known, so its cost reaches HTTP/2 clients as an
/// <c>x-tollgate-cost-usd</c> trailer, once the row is committed. HTTP/2 comes two ways, both through the standard
/// Kestrel configuration: an <c>https://</c> listener with the certificate the <c>--config</c> file names (HTTP/2
/// negotiated over TLS, HTTP/1.1 still served), or a cleartext listener whose protocols are HTTP/2 alone (prior
/// knowledge; such a listener serves no HTTP/1.1 client).
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class Http2TrailerTests(GatewayFixture fixture)
{
    private static readonly (string Path, string Body, string FinalEvent)[] Streams =
    [
        ("v1/chat/completions", """{"model":"gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"What does a trailer carry?"}]}""", "data: [DONE]"),
        ("v1/messages", """{"model":"claude-haiku-4-5","max_tokens":200,"stream":true,"messages":[{"role":"user","content":"What does a trailer carry?"}]}""", "event: message_stop"),
    ];

    [Fact]
    public async Task A_streams_cost_reaches_an_HTTP2_client_over_TLS_as_a_trailer_equal_to_its_ledger_row()
    {
        using var certificate = new TestCertificate();
        using var config = new TemporaryDirectory();
        var configFile = Path.Combine(config.Path, "tollgate.json");
        await File.WriteAllTextAsync(configFile, JsonSerializer.Serialize(new
        {
            Tollgate = new { UpstreamTimeoutSeconds = 120 },
            Kestrel = new { Certificates = new { Default = new { certificate.Path, certificate.Password } } },
        }));
        var httpsPort = FreePort.Next();
        await using var gateway = await GatewayProcess.StartAsync(
            ProviderEnvironment(),
            arguments: ["--config", configFile],
            urls: port => $"http://127.0.0.1:{port};https://127.0.0.1:{httpsPort}");
        using var https = new HttpClient(certificate.CreateHandler())
        {
            BaseAddress = new Uri($"https://127.0.0.1:{httpsPort}/"),
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };

        await AssertCostTrailersAsync(https, gateway);
    }

    [Fact]
    public async Task A_streams_cost_reaches_a_prior_knowledge_HTTP2_client_of_an_HTTP2_only_listener_as_a_trailer()
    {
        var environment = ProviderEnvironment();
        environment["Kestrel__EndpointDefaults__Protocols"] = "Http2";
        await using var gateway = await GatewayProcess.StartAsync(environment, httpVersion: HttpVersion.Version20);

        await AssertCostTrailersAsync(gateway.Http, gateway);
    }

    private Dictionary<string, string?> ProviderEnvironment() => new()
    {
        ["OPENAI_BASE_URL"] = fixture.Simulator.OpenAIBaseUrl,
        ["OPENAI_API_KEY"] = GatewayServer.OpenAIProviderKey,
        ["ANTHROPIC_BASE_URL"] = fixture.Simulator.AnthropicBaseUrl,
        ["ANTHROPIC_API_KEY"] = GatewayServer.AnthropicProviderKey,
    };

    private static async Task AssertCostTrailersAsync(HttpClient http, GatewayProcess gateway)
    {
        foreach (var (path, body, finalEvent) in Streams)
        {
            using var request = Wire.Post(path, body);
            request.Version = HttpVersion.Version20;
            request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
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
            Assert.Equal([CostComments.Format(entry.CostUsd)], CostComments.Find(text));
        }
    }
}
