using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tollgate.Cli.Workloads;
using Tollgate.Gateway;
using Tollgate.Gateway.Caching;
using Tollgate.Gateway.Hosting;

namespace Tollgate.Cli.Replay;

/// <summary>
/// The gateway <c>tollgate replay</c> starts for itself when no <c>--gateway</c> is named: in process, on a free loopback
/// port, over a temporary data directory deleted at the end, with the built-in simulated provider (provider keys in the
/// environment are deliberately not read: a demo never bills a real account). Its levers are a demo's (<see cref="Levers"/>);
/// a <c>--config</c> file's <c>"Tollgate"</c> section is laid over them.
/// </summary>
internal sealed class OwnGateway : IAsyncDisposable
{
    /// <summary>Task types whose requests the demo routes to the small tier even when they name a dearer model.</summary>
    private static readonly string[] SmallTierTasks = ["classification", "extraction", "formatting"];

    private readonly GatewayApplication _gateway;
    private readonly string _directory;

    private OwnGateway(GatewayApplication gateway, string directory, IReadOnlyList<string> levers)
    {
        _gateway = gateway;
        _directory = directory;
        Levers = levers;
    }

    /// <summary>The gateway's root address.</summary>
    public Uri BaseAddress => _gateway.Addresses[0];

    /// <summary>What the demo configuration turns on, one phrase per lever, for the run's first lines.</summary>
    public IReadOnlyList<string> Levers { get; }

    /// <summary>Starts the gateway for <paramref name="lines"/>.</summary>
    /// <exception cref="GatewayStartupException">The configuration is not valid.</exception>
    /// <exception cref="FileNotFoundException">The <c>--config</c> file does not exist.</exception>
    public static async Task<OwnGateway> StartAsync(string? configFile, IReadOnlyList<WorkloadLine> lines, CancellationToken cancellationToken)
    {
        var (settings, levers) = DemoSettings(lines);
        var directory = Path.Combine(Path.GetTempPath(), "tollgate-replay-" + Guid.NewGuid().ToString("N")[..12]);
        var builder = new ConfigurationBuilder().AddInMemoryCollection(settings);
        if (!string.IsNullOrEmpty(configFile))
        {
            if (!File.Exists(configFile))
            {
                throw new FileNotFoundException($"there is no configuration file at {Path.GetFullPath(configFile)}.", configFile);
            }

            builder.AddJsonFile(Path.GetFullPath(configFile), optional: false, reloadOnChange: false);
            levers = [.. levers, "and the settings of " + configFile + " over these"];
        }

        builder.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Tollgate:Urls"] = "http://127.0.0.1:0",
            ["Tollgate:DataDirectory"] = directory,
        });
        var configuration = builder.Build();
        var standardOutput = Console.Out;
        try
        {
            UnknownSettingsCheck.Run(configuration);

            // The embedded simulator's console log (its address) takes the standard output it finds at its start;
            // a replay's standard output is its result, so the simulator is started with none.
            Console.SetOut(TextWriter.Null);
            GatewayApplication gateway;
            try
            {
                gateway = await GatewayApplication.StartAsync(configuration, configureLogging: logging => logging.ClearProviders(), cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                Console.SetOut(standardOutput);
            }

            if (lines.Any(line => line.Task is { } task && SmallTierTasks.Contains(task, StringComparer.OrdinalIgnoreCase)))
            {
                // The embedder loads at its first use, which would otherwise land on the first request's latency.
                _ = await gateway.Services.GetRequiredService<SemanticCaching>().Cache.EmbedAsync("warm-up", cancellationToken).ConfigureAwait(false);
            }

            return new OwnGateway(gateway, directory, levers);
        }
        catch
        {
            DeleteDirectory(directory);
            throw;
        }
    }

    /// <summary>
    /// Sends one small request per protocol and model of the workload, untagged, before the run: the tokenizers, the
    /// router and the connections are made at their first use, which would otherwise land on the run's first latencies.
    /// </summary>
    public static async Task WarmUpAsync(HttpClient http, IReadOnlyList<WorkloadLine> lines, CancellationToken cancellationToken)
    {
        var warmUps = new List<WorkloadLine>();
        foreach (var group in lines.GroupBy(l => (l.Protocol, l.Prompt.Model)).Take(8))
        {
            var (protocol, name) = group.Key;
            var model = System.Text.Json.JsonEncodedText.Encode(name ?? string.Empty).ToString();
            var body = protocol switch
            {
                WorkloadProtocol.Responses => $$"""{"model":"{{model}}","input":"Replay warm-up.","max_output_tokens":16}""",
                _ => $$"""{"model":"{{model}}","max_tokens":1,"messages":[{"role":"user","content":"Replay warm-up."}]}""",
            };
            var first = group.First();
            warmUps.Add(first with { Body = body, Label = null });
        }

        _ = await new ReplaySender(http, null, "warm-up").RunAsync(warmUps, 1, 0, () => { }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _gateway.DisposeAsync().ConfigureAwait(false);
        DeleteDirectory(_directory);
    }

    /// <summary>
    /// The demo's settings: the exact and the semantic cache (deterministic requests; the semantic cache for the task
    /// types its gate admits), request coalescing and provider prompt-cache hints, all on by default; and model routing
    /// (a named model rewritten to a cheaper tier only) for each feature whose lines are classification, extraction or
    /// formatting, the small tier's tasks. The simulated provider answers after 100 ms to its first token, so that
    /// latencies with and without a cache differ as they would.
    /// </summary>
    private static (Dictionary<string, string?> Settings, IReadOnlyList<string> Levers) DemoSettings(IReadOnlyList<WorkloadLine> lines)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Tollgate:Simulator:TimeToFirstTokenMs"] = "100",
            ["Tollgate:Cache:Policy"] = "Deterministic",
            ["Tollgate:Cache:Semantic:Enabled"] = "true",
        };
        var routed = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines)
        {
            if (line.Feature is { Length: > 0 } feature && line.Task is { } task && SmallTierTasks.Contains(task, StringComparer.OrdinalIgnoreCase) && routed.Add(feature))
            {
                settings[$"Tollgate:Features:{feature}:Routing:RewriteModel"] = "true";
            }
        }

        List<string> levers =
        [
            "simulated provider (100 ms to first token)",
            "exact cache (temperature 0 requests)",
            "semantic cache (classification, extraction, formatting)",
            "request coalescing",
            "provider prompt-cache hints (named features)",
        ];
        if (routed.Count > 0)
        {
            levers.Add("model routing to a cheaper tier for " + string.Join(", ", routed));
        }

        return (settings, levers);
    }

    private static void DeleteDirectory(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // A temporary directory left behind is harmless; the run's result is not.
        }
    }
}
