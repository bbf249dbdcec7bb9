using System.Data.Common;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tollgate.Core.Exchange;
using Tollgate.Core.Identity;
using Tollgate.Core.Pipeline;
using Tollgate.Core.Pricing;
using Tollgate.Gateway.AccessLog;
using Tollgate.Gateway.Endpoints;
using Tollgate.Gateway.Hosting;
using Tollgate.Gateway.Json;
using Tollgate.Gateway.Metrics;
using Tollgate.Gateway.Settings;
using Tollgate.Providers.Clients;
using Tollgate.Providers.Simulation;
using Tollgate.Storage.Embedded;
using Tollgate.Storage.Embedded.Caching;

namespace Tollgate.Gateway;

/// <summary>
/// A running Tollgate gateway: the HTTP surface, the pipeline of levers, the embedded store and, when no
/// provider is configured, the in-process simulated provider. <c>SIGTERM</c> (or <see cref="StopAsync"/>)
/// stops accepting, lets requests in flight finish, then flushes the ledger.
/// </summary>
public sealed partial class GatewayApplication : IAsyncDisposable
{
    /// <summary>The configuration section that holds the gateway's settings.</summary>
    public const string SectionName = "Tollgate";

    private const string OpenAIDefaultBaseUrl = "https://api.openai.com/v1";
    private const string AnthropicDefaultBaseUrl = "https://api.anthropic.com";

    /// <summary>The category the generic host logs its own failures under.</summary>
    private const string HostCategory = "Microsoft.Extensions.Hosting.Internal.Host";

    private readonly WebApplication _app;
    private readonly SimulatorHost? _simulator;

    private GatewayApplication(WebApplication app, SimulatorHost? simulator, IReadOnlyList<Uri> addresses)
    {
        _app = app;
        _simulator = simulator;
        Addresses = addresses;
    }

    /// <summary>The addresses the gateway listens on (actual ports, when port 0 was asked).</summary>
    public IReadOnlyList<Uri> Addresses { get; }

    /// <summary>Services of the running gateway (stores, pricing), for hosts and tests.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Validates the options, opens the store, starts listening and returns once requests are served.</summary>
    /// <param name="options">What to listen on, where the data lives, which providers serve; fixed for the gateway's lifetime.</param>
    /// <param name="configureLogging">Changes to the logging set-up (tests silence it).</param>
    /// <param name="configureServices">More services, e.g. a stage registered as an <see cref="IExchangeStage"/> takes its place in the stage order.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static Task<GatewayApplication> StartAsync(GatewayOptions options, Action<ILoggingBuilder>? configureLogging = null, Action<IServiceCollection>? configureServices = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        return StartAsync(options, null, configureLogging, configureServices, cancellationToken);
    }

    /// <summary>
    /// Binds the <c>"Tollgate"</c> section of <paramref name="configuration"/> to <see cref="GatewayOptions"/>, then starts
    /// as <see cref="StartAsync(GatewayOptions, Action{ILoggingBuilder}?, Action{IServiceCollection}?, CancellationToken)"/>
    /// does. When the configuration reloads (a <c>--config</c> file with <c>reloadOnChange</c>), the settings that may
    /// change at run time follow it (docs/configuration.md says which); the others keep their values from the start.
    /// </summary>
    /// <param name="configuration">The configuration, with a <c>"Tollgate"</c> section (an empty one means the defaults).</param>
    /// <param name="configureLogging">Changes to the logging set-up.</param>
    /// <param name="configureServices">More services.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static Task<GatewayApplication> StartAsync(IConfiguration configuration, Action<ILoggingBuilder>? configureLogging = null, Action<IServiceCollection>? configureServices = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(SectionName);
        GatewayOptions options;
        try
        {
            options = section.Get<GatewayOptions>() ?? new GatewayOptions();
        }
        catch (InvalidOperationException exception)
        {
            // A value of the wrong type ("MaxRequestBodyBytes": "lots"); the message names the value and its key.
            throw new GatewayStartupException(exception.Message, exception);
        }

        options.ServerConfiguration = configuration; // its "Kestrel" section: certificates, endpoints, protocols
        return StartAsync(options, configuration, configureLogging, configureServices, cancellationToken);
    }

    // options: as they are at start, which is where the settings fixed at start come from; configuration: where they
    // were bound from (with the admin API's on top), followed as it reloads, or null when they were given as an object.
    private static async Task<GatewayApplication> StartAsync(GatewayOptions options, IConfiguration? configuration, Action<ILoggingBuilder>? configureLogging, Action<IServiceCollection>? configureServices, CancellationToken cancellationToken)
    {
        var validation = new GatewayOptionsValidator().Validate(Options.DefaultName, options);
        if (validation.Failed)
        {
            throw new GatewayStartupException(validation.FailureMessage);
        }

        var urls = ListenAddresses.Parse(options.Urls);

        PricingCatalog pricing;
        try
        {
            pricing = PricingCatalog.Load(options.PricingFile);
        }
        catch (PricingCatalogException exception)
        {
            throw new GatewayStartupException(exception.Message, exception);
        }

        var storage = OpenStorage(options);
        SimulatorHost? simulator = null;
        WebApplication? app = null;
        SettingsOverlay? overlay = null;
        try
        {
            overlay = await SettingsOverlay.OpenAsync(configuration, storage.Settings, cancellationToken).ConfigureAwait(false);
            var loopbackOnly = await AuthenticationStartup.LoopbackOnlyAsync(storage.Keys, options.Auth.UnauthenticatedLoopback, cancellationToken).ConfigureAwait(false);
            var connections = new UpstreamConnections();
            HttpProviderClient? openAI = null, anthropic = null;
            if (!options.OpenAI.IsConfigured && !options.Anthropic.IsConfigured)
            {
                simulator = await SimulatorHost.StartAsync(
                    new SimulatorOptions
                    {
                        TimeToFirstTokenMs = options.Simulator.TimeToFirstTokenMs,
                        TokensPerSecond = options.Simulator.TokensPerSecond,
                        RequestLogCapacity = 1_000, // nobody reads the embedded simulator's log; keep it small
                    },
                    "http://127.0.0.1:0",
                    embedded: true,
                    cancellationToken).ConfigureAwait(false);
                var root = simulator.BaseAddress.ToString().TrimEnd('/');
                openAI = new HttpProviderClient("simulated", WireProtocol.OpenAI, new Uri(root + "/v1"), null, connections);
                anthropic = new HttpProviderClient("simulated", WireProtocol.Anthropic, new Uri(root), null, connections);
            }
            else
            {
                if (options.OpenAI.IsConfigured)
                {
                    openAI = new HttpProviderClient("openai", WireProtocol.OpenAI, ParseBaseUrl(options.OpenAI.BaseUrl ?? OpenAIDefaultBaseUrl, "OPENAI_BASE_URL"), options.OpenAI.ApiKey, connections, options.OpenAI.Organization, options.OpenAI.Project);
                }

                if (options.Anthropic.IsConfigured)
                {
                    anthropic = new HttpProviderClient("anthropic", WireProtocol.Anthropic, ParseBaseUrl(options.Anthropic.BaseUrl ?? AnthropicDefaultBaseUrl, "ANTHROPIC_BASE_URL"), options.Anthropic.ApiKey, connections);
                }
            }

            var startup = new StartupPhase();
            app = SettingsOverlay.Checked(overlay, () => Build(options, overlay, urls, loopbackOnly, startup, storage, pricing, connections, new ProviderDirectory(openAI, anthropic), configureLogging, configureServices));

            // Kestrel's own endpoints (from --config or Kestrel__ variables) replace --urls: these are what it listens on.
            var listening = ListenAddresses.Effective(urls, app.Configuration);
            var recovered = await storage.Ledger.RecoverInterruptedAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OptionsValidationException exception)
            {
                // The configuration changed between reading it above and the host's own check of it, before listening.
                throw SettingsOverlay.StartRefused(exception, overlay);
            }
            catch (Exception exception) when (exception is InvalidOperationException or CryptographicException or FileNotFoundException or DirectoryNotFoundException
                && ListenAddresses.AnyHttps(listening))
            {
                // No certificate (Kestrel then looks for a development certificate), a missing file, a wrong password.
                throw new GatewayStartupException(
                    $"Could not start the https listener: {exception.Message.Split('\n')[0].Trim()} Name a certificate with Kestrel:Certificates:Default:Path " +
                    "(and :Password) in the --config file or as Kestrel__Certificates__Default__Path; see docs/operations.md.",
                    exception);
            }

            startup.Started = true;
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a)).ToArray();

            var logger = app.Services.GetRequiredService<ILogger<GatewayApplication>>();
            LogListening(logger, string.Join(", ", addresses.Select(a => a.ToString())), options.DataDirectory);
            LogProviders(logger, openAI?.Name ?? "none", anthropic?.Name ?? "none");
            if (recovered > 0)
            {
                LogRecovered(logger, recovered);
            }

            await AuthenticationStartup.LogModeAsync(logger, app.Services.GetRequiredService<AuthenticationMode>(), storage.Keys, cancellationToken).ConfigureAwait(false);

            return new GatewayApplication(app, simulator, addresses);
        }
        catch
        {
            if (app is not null)
            {
                await app.DisposeAsync().ConfigureAwait(false);
            }

            overlay?.Dispose(); // again, harmlessly, when the container has

            if (simulator is not null)
            {
                await simulator.DisposeAsync().ConfigureAwait(false);
            }

            await storage.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Waits until the host is asked to stop (<c>SIGTERM</c>, Ctrl+C or <see cref="StopAsync"/>).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    /// <summary>Stops gracefully: no new requests, requests in flight finish, the ledger is flushed.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => _app.StopAsync(cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync().ConfigureAwait(false);
        if (_simulator is not null)
        {
            await _simulator.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static WebApplication Build(GatewayOptions options, SettingsOverlay? overlay, string[] urls, bool loopbackOnly, StartupPhase startup, EmbeddedStorage storage, PricingCatalog pricing, UpstreamConnections connections, ProviderDirectory providers, Action<ILoggingBuilder>? configureLogging, Action<IServiceCollection>? configureServices)
    {
        // An appsettings.json in the working directory is read once, never watched: watching it puts a recursive file
        // watcher on the working directory, which the default data directory (.tollgate) sits in, so every journal and
        // database write would wake it. Tollgate's own settings reload from the --config file.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false"], EnvironmentName = Environments.Production });
        if (options.ServerConfiguration is { } server)
        {
            ((IConfigurationBuilder)builder.Configuration).Add(new ReadOnlyConfigurationSource(server));
        }

        builder.WebHost.UseUrls(urls);

        // The slim builder leaves out https: without this an https:// address fails at start. Certificates come from
        // the Kestrel section (Certificates:Default, or an endpoint's own); HTTP/2 is then negotiated over TLS.
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
            if (loopbackOnly)
            {
                // Checked as each endpoint is about to be bound, so endpoints from Kestrel's configuration are checked too.
                kestrel.ConfigureEndpointDefaults(ListenAddresses.RequireLoopback);
            }
        });
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(options.ShutdownTimeoutSeconds));

        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss ";
        });
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);

        // A failed start is logged by the host with a stack trace, then thrown to the caller, which reports it in one
        // line; keep the host's errors out of the log until it has started.
        builder.Logging.AddFilter(HostCategory, level => level >= LogLevel.Warning && (startup.Started || level != LogLevel.Error));
        configureLogging?.Invoke(builder.Logging);

        builder.Services
            .AddTollgateOptions(options, overlay?.Section)
            .AddTollgateSettingOverrides(overlay)
            .AddTollgateEmbeddedStorage(storage)
            .AddTollgateCacheEncryption(options.Cache?.EncryptionKey)
            .AddTollgatePipeline(
                pricing,
                new GatewaySettings
                {
                    MaxRequestBodyBytes = options.MaxRequestBodyBytes,
                    AdminKey = string.IsNullOrEmpty(options.AdminKey) ? null : options.AdminKey,
                    UnauthenticatedLoopback = options.Auth.UnauthenticatedLoopback,
                },
                connections,
                providers);
        builder.Services.AddTollgateObservability(options);
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        _ = app.Services.GetService<SettingsOverlay>(); // made now, so that the container disposes it with the gateway
        if (options.AccessLog.Enabled)
        {
            app.Use(new AccessLogMiddleware(app.Services.GetRequiredService<ILoggerFactory>(), app.Services.GetRequiredService<TimeProvider>(), options.AccessLog.SampleRate).InvokeAsync);
        }

        app.MapProviderRoutes();
        app.MapAdminRoutes();
        app.MapMetrics();
        app.MapGet(ProviderRoutes.HealthPath, (HttpContext http) => JsonSerializer.SerializeAsync(
            http.Response.Body,
            new HealthResponse("ok", providers.OpenAI?.Name, providers.Anthropic?.Name),
            AdminJsonContext.Default.HealthResponse,
            http.RequestAborted));
        app.MapFallback(ProviderRoutes.UnknownRouteAsync);
        return app;
    }

    /// <summary>Opens the data directory; a directory or database that cannot be used stops the start, naming it.</summary>
    private static EmbeddedStorage OpenStorage(GatewayOptions options)
    {
        try
        {
            var storage = new EmbeddedStorageOptions
            {
                Synchronous = options.LedgerFullSync ? SqliteSynchronousMode.Full : SqliteSynchronousMode.Normal,
                RollupFlushInterval = TimeSpan.FromSeconds(options.LedgerRollupFlushSeconds),
                Cache = new EmbeddedCacheOptions { MemoryLimitBytes = options.Cache.MemoryLimitBytes },
            };
            return EmbeddedStorage.Open(options.DataDirectory, storage, TimeProvider.System);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or DbException or InvalidOperationException)
        {
            throw new GatewayStartupException($"Cannot use the data directory '{options.DataDirectory}': {exception.Message}", exception);
        }
    }

    private static Uri ParseBaseUrl(string value, string name) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new GatewayStartupException($"{name} must be an absolute http(s) URL; got '{value}'.");

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Tollgate listening on {Addresses}; data in {DataDirectory}")]
    private static partial void LogListening(ILogger logger, string addresses, string dataDirectory);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Providers: OpenAI routes -> {OpenAI}, Anthropic routes -> {Anthropic}")]
    private static partial void LogProviders(ILogger logger, string openAI, string anthropic);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "{Count} requests were in flight when Tollgate last stopped abruptly; their ledger rows are marked gateway_interrupted.")]
    private static partial void LogRecovered(ILogger logger, int count);
}
