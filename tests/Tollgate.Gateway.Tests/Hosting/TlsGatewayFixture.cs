using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Tollgate.Testing;
using Tollgate.Testing.Servers;

namespace Tollgate.Gateway.Tests.Hosting;

/// <summary>
/// A gateway listening on <c>https://127.0.0.1</c> with a self-signed certificate named the standard Kestrel way
/// (<c>Kestrel:Certificates:Default:Path</c> and <c>:Password</c>), in front of a <see cref="GoldenUpstream"/>, and an
/// HTTP/2 client that trusts that certificate alone.
/// </summary>
public sealed class TlsGatewayFixture : IAsyncLifetime
{
    private readonly TemporaryDirectory _data = new();
    private GatewayApplication? _gateway;

    public TestCertificate Certificate { get; } = new();

    public GoldenUpstream Upstream { get; private set; } = null!;

    /// <summary>A client that speaks exactly HTTP/2 to the gateway.</summary>
    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Upstream = await GoldenUpstream.StartAsync();
        _gateway = await GatewayApplication.StartAsync(Options(Certificate.Path, Certificate.Password, _data.Path, Upstream), logging => logging.ClearProviders());
        Http = new HttpClient(Certificate.CreateHandler())
        {
            BaseAddress = _gateway.Addresses[0],
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    /// <summary>Options for a gateway on an https loopback address with the certificate at <paramref name="path"/>.</summary>
    public static GatewayOptions Options(string path, string password, string dataDirectory, GoldenUpstream upstream) => new()
    {
        Urls = "https://127.0.0.1:0",
        DataDirectory = dataDirectory,
        UpstreamTimeoutSeconds = 60,
        OpenAI = new ProviderOptions { ApiKey = "sk-golden-openai", BaseUrl = upstream.OpenAIBaseUrl },
        Anthropic = new ProviderOptions { ApiKey = "sk-ant-golden", BaseUrl = upstream.AnthropicBaseUrl },
        ServerConfiguration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Kestrel:Certificates:Default:Path"] = path,
                ["Kestrel:Certificates:Default:Password"] = password,
            })
            .Build(),
    };

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        if (Upstream is not null)
        {
            await Upstream.DisposeAsync();
        }

        Certificate.Dispose();
        _data.Dispose();
    }
}
