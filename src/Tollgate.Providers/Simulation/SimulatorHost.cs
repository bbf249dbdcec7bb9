using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tollgate.Providers.Simulation.Hosting;

namespace Tollgate.Providers.Simulation;

/// <summary>
/// The simulated provider as its own Kestrel server, for tests, benchmarks, <c>tollgate simulate</c> and the
/// embedded default. Logging is limited to warnings so it costs nothing on the benchmark path.
/// </summary>
public sealed class SimulatorHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SimulatorState _state;

    private SimulatorHost(WebApplication app, SimulatorState state, Uri baseAddress)
    {
        _app = app;
        _state = state;
        BaseAddress = baseAddress;
    }

    /// <summary>Where the server listens, with a trailing slash (e.g. <c>http://127.0.0.1:54321/</c>); port 0 in the URL is resolved to the real port.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Starts a server listening on <paramref name="url"/> (such as <c>http://127.0.0.1:0</c>).</summary>
    /// <exception cref="ArgumentException">The options are out of range.</exception>
    public static Task<SimulatorHost> StartAsync(SimulatorOptions options, string url, CancellationToken ct = default) =>
        StartAsync(options, url, embedded: false, ct);

    /// <summary>
    /// Starts a server; an <paramref name="embedded"/> one ignores Ctrl+C and <c>SIGTERM</c>, so the host that
    /// embeds it can drain its own requests (which still need the simulator) before disposing it.
    /// </summary>
    /// <exception cref="ArgumentException">The options are out of range.</exception>
    public static async Task<SimulatorHost> StartAsync(SimulatorOptions options, string url, bool embedded, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(url);
        options.Validate();

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(SimulatorHost).Assembly.GetName().Name });

        // Its options say everything about it: nothing from the environment (Kestrel__*, Logging__*) or an appsettings.json,
        // which are meant for the gateway that embeds it and would otherwise reach it too (its endpoints, its limits).
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(); // where UseUrls writes its setting
        builder.WebHost.UseUrls(url);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss ";
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter(typeof(SimulatorHost).Namespace, LogLevel.Information);

        // The host logs a failed start with a stack trace before throwing it to the caller, who reports it; the
        // simulator runs no background service whose failure the host would otherwise be the one to report.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
        if (embedded)
        {
            builder.Services.AddSingleton<IHostLifetime, EmbeddedLifetime>();
        }

        var app = builder.Build();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Tollgate.Providers.Simulation");
        var state = new SimulatorState(options, logger);
        app.MapSimulatedProvider(state);
        await app.StartAsync(ct);

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        var baseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
        SimulatorLog.Listening(logger, baseAddress);
        return new SimulatorHost(app, state, baseAddress);
    }

    /// <summary>The calls answered so far (the newest <see cref="SimulatorOptions.RequestLogCapacity"/>), oldest first.</summary>
    public IReadOnlyList<SimulatedRequest> GetRequests() => _state.Log.Snapshot();

    /// <summary>Completes when the server stops (Ctrl+C, SIGTERM, or <see cref="DisposeAsync"/>) or <paramref name="ct"/> is cancelled.</summary>
    public Task WaitForShutdownAsync(CancellationToken ct) => _app.WaitForShutdownAsync(ct);

    /// <summary>Stops the server and releases it.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
