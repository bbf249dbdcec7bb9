using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Tollgate.Gateway.Hosting;
using Tollgate.Gateway.Tests.Relay;
using Tollgate.Testing;
using Tollgate.Testing.Servers;

namespace Tollgate.Gateway.Tests.Hosting;

/// <summary>
/// Endpoints in the web server's own configuration (<c>Kestrel:Endpoints:NAME</c>) replace <c>--urls</c>: they are
/// what the no-authentication check looks at, and they are how a cleartext HTTP/2 (prior knowledge) listener is
/// made, since Kestrel speaks h2c only on an endpoint whose protocols are HTTP/2 alone.
/// </summary>
public sealed class ConfiguredEndpointTests : IAsyncLifetime
{
    private readonly TemporaryDirectory _data = new();
    private GoldenUpstream _upstream = null!;

    public async Task InitializeAsync() => _upstream = await GoldenUpstream.StartAsync();

    public async Task DisposeAsync()
    {
        await _upstream.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task Configured_endpoint_on_a_public_address_is_refused_while_no_virtual_key_exists()
    {
        var options = Options(new() { ["Kestrel:Endpoints:public:Url"] = "http://0.0.0.0:0" });

        var refused = await Assert.ThrowsAsync<GatewayStartupException>(() => GatewayApplication.StartAsync(options, logging => logging.ClearProviders()));

        Assert.StartsWith("Refusing to listen on http://0.0.0.0:0 without authentication", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HTTP2_only_endpoint_serves_a_prior_knowledge_client_and_trails_the_streams_cost()
    {
        var options = Options(new()
        {
            ["Kestrel:Endpoints:h2c:Url"] = "http://127.0.0.1:0",
            ["Kestrel:Endpoints:h2c:Protocols"] = "Http2",
        });
        await using var gateway = await GatewayApplication.StartAsync(options, logging => logging.ClearProviders());
        using var http = new HttpClient { BaseAddress = gateway.Addresses[0], DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        _upstream.Serve(new GoldenResponse("openai/chat-stream-include-usage.sse"));

        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
        {
            Content = new StringContent("""{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Greet everyone in French."}],"stream":true}""", Encoding.UTF8),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var body = await response.Content.ReadAsStringAsync();

        // gpt-4o-mini: (1,230 − 1,152) × 0.15 + 1,152 × 0.075 + 9 × 0.60 = 103.5 per million.
        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("0.0001035", Assert.Single(response.TrailingHeaders.GetValues("x-tollgate-cost-usd")));
        Assert.Equal(["0.0001035"], CostComments.Find(body));
    }

    private GatewayOptions Options(Dictionary<string, string?> server) => new()
    {
        Urls = "http://127.0.0.1:0",
        DataDirectory = _data.Path,
        OpenAI = new ProviderOptions { ApiKey = "sk-golden-openai", BaseUrl = _upstream.OpenAIBaseUrl },
        Anthropic = new ProviderOptions { ApiKey = "sk-ant-golden", BaseUrl = _upstream.AnthropicBaseUrl },
        ServerConfiguration = new ConfigurationBuilder().AddInMemoryCollection(server).Build(),
    };
}
