using Tollgate.Testing.Servers;

namespace Tollgate.Gateway.Tests.Relay;

/// <summary>
/// A gateway that gives its provider <see cref="TimeoutSeconds"/> seconds to finish an answer, in front of a
/// <see cref="GoldenUpstream"/> the tests pause so that it never does.
/// </summary>
public sealed class ImpatientGatewayFixture : IAsyncLifetime
{
    /// <summary>Long enough for the first bytes to cross a busy machine, short enough to wait for in a test.</summary>
    public const int TimeoutSeconds = 5;

    private InProcessGateway? _gateway;

    public GoldenUpstream Upstream { get; private set; } = null!;

    public HttpClient Http => _gateway!.Http;

    public async Task InitializeAsync()
    {
        Upstream = await GoldenUpstream.StartAsync();
        _gateway = await InProcessGateway.StartAsync(options =>
        {
            options.UpstreamTimeoutSeconds = TimeoutSeconds;
            options.Resilience = new Gateway.Resilience.ResilienceOptions { MaxRetries = 0, CircuitBreaker = { Enabled = false } };
            options.OpenAI = new ProviderOptions { ApiKey = "sk-golden-openai", BaseUrl = Upstream.OpenAIBaseUrl };
            options.Anthropic = new ProviderOptions { ApiKey = "sk-ant-golden", BaseUrl = Upstream.AnthropicBaseUrl };
        });
    }

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        if (Upstream is not null)
        {
            await Upstream.DisposeAsync();
        }
    }
}
