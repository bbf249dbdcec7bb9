using Microsoft.Extensions.Logging;
using Tollgate.Testing;

namespace Tollgate.Gateway.Tests.Relay;

/// <summary>
/// A real gateway started in-process on a loopback port with its own data directory and the options a test
/// chooses (providers, upstream timeout); for relay tests that need a gateway other than the golden fixture's.
/// </summary>
public sealed class InProcessGateway : IAsyncDisposable
{
    private readonly TemporaryDirectory _data;
    private readonly GatewayApplication _gateway;

    private InProcessGateway(TemporaryDirectory data, GatewayApplication gateway)
    {
        _data = data;
        _gateway = gateway;
        Http = new HttpClient { BaseAddress = gateway.Addresses[0], Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>A plain client for the gateway.</summary>
    public HttpClient Http { get; }

    /// <summary>The running gateway's services (its stores, its meter factory).</summary>
    public IServiceProvider Services => _gateway.Services;

    public static async Task<InProcessGateway> StartAsync(Action<GatewayOptions> configure, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? configureServices = null)
    {
        var data = new TemporaryDirectory();
        var options = new GatewayOptions { Urls = "http://127.0.0.1:0", DataDirectory = data.Path, UpstreamTimeoutSeconds = 60 };
        configure(options);
        try
        {
            return new InProcessGateway(data, await GatewayApplication.StartAsync(options, logging => logging.ClearProviders(), configureServices));
        }
        catch
        {
            data.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _gateway.DisposeAsync();
        _data.Dispose();
    }
}
