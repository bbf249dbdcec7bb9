using Microsoft.Extensions.Logging;
using Tollgate.Core.Ledger;
using Tollgate.Core.Responses;
using Tollgate.Testing;
using Tollgate.Testing.Servers;

namespace Tollgate.Gateway.Tests.Relay;

/// <summary>
/// The real gateway, started in-process on a loopback port with its own data directory, with both providers
/// pointed at a <see cref="GoldenUpstream"/> that answers with golden provider bytes.
/// </summary>
public sealed class GoldenGatewayFixture : IAsyncLifetime
{
    private readonly TemporaryDirectory _data = new();
    private GatewayApplication? _gateway;

    public GoldenUpstream Upstream { get; private set; } = null!;

    /// <summary>A plain client for the gateway (no SDK in between, so every byte is seen).</summary>
    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Upstream = await GoldenUpstream.StartAsync();
        _gateway = await GatewayApplication.StartAsync(
            new GatewayOptions
            {
                Urls = "http://127.0.0.1:0",
                DataDirectory = _data.Path,
                UpstreamTimeoutSeconds = 60,
                OpenAI = new ProviderOptions { ApiKey = "sk-golden-openai", BaseUrl = Upstream.OpenAIBaseUrl },
                Anthropic = new ProviderOptions { ApiKey = "sk-ant-golden", BaseUrl = Upstream.AnthropicBaseUrl },

                // The golden answers name responses no call through this gateway created, and the upstream answers each
                // call with the golden bytes served for it: no isolation, and no question about a background response
                // of the gateway's own that could take a test's answer.
                Responses = new ResponsesOptions { Isolation = ResponseIsolation.None, BackgroundPollSeconds = ResponsesOptions.MaxBackgroundPollSeconds },

                // One golden answer is served per call: a retry would meet the next test's. Errors reach the relay as they are.
                Resilience = new Gateway.Resilience.ResilienceOptions { MaxRetries = 0, CircuitBreaker = { Enabled = false } },
            },
            logging => logging.ClearProviders());
        Http = new HttpClient { BaseAddress = _gateway.Addresses[0], Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>Has the upstream answer <paramref name="golden"/>, posts <paramref name="json"/> to <paramref name="path"/> and reads the whole answer.</summary>
    public async Task<RelayedCall> CallAsync(GoldenResponse golden, string path, string json)
    {
        Upstream.Serve(golden);
        using var response = await GatewayCalls.SendAsync(Http, path, json);
        return await GatewayCalls.ReadAsync(response);
    }

    /// <summary>The ledger row of <paramref name="requestId"/>, read at once through <c>GET /admin/requests/{id}</c> (loopback needs no admin key).</summary>
    public Task<LedgerEntry> LedgerEntryAsync(string requestId) => GatewayCalls.LedgerEntryAsync(Http, requestId);

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

        _data.Dispose();
    }
}
