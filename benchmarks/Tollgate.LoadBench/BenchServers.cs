using System.Net;
using System.Net.Sockets;

namespace Tollgate.LoadBench;

/// <summary>
/// The processes one run measures, each on its own loopback port: the simulated provider (<see cref="LoadTarget.Direct"/>),
/// YARP's bare forwarder in front of it (<see cref="LoadTarget.Floor"/>), optionally a gateway from an earlier build
/// (<see cref="LoadTarget.Before"/>), the gateway from this tree (<see cref="LoadTarget.Tollgate"/>), and optionally a
/// second one with budgets and a rate limit (<see cref="LoadTarget.Budgets"/>). Every gateway gets the same environment
/// (the budgets one, its settings added) and a temp data directory each. Disposing kills them all and deletes the data.
/// </summary>
internal sealed class BenchServers : IDisposable
{
    private readonly Dictionary<LoadTarget, ServerProcess> _servers = [];
    private readonly List<string> _dataDirectories = [];

    private BenchServers()
    {
    }

    /// <summary>The targets started, in the order every round measures them.</summary>
    public IReadOnlyList<LoadTarget> Targets => [.. Enum.GetValues<LoadTarget>().Where(_servers.ContainsKey)];

    /// <summary>The targets that forward to the simulator.</summary>
    public IReadOnlyList<LoadTarget> Proxies => [.. Targets.Where(t => t != LoadTarget.Direct)];

    public ServerProcess Simulator => _servers[LoadTarget.Direct];

    public ServerProcess Gateway => _servers[LoadTarget.Tollgate];

    public ServerProcess this[LoadTarget target] => _servers[target];

    /// <summary>Starts every server and returns once each answers.</summary>
    /// <param name="tollgateDll">This tree's <c>tollgate.dll</c> (simulator and gateway).</param>
    /// <param name="floorDll">The forwarder floor's dll.</param>
    /// <param name="beforeDll">An earlier build's <c>tollgate.dll</c>, or null.</param>
    /// <param name="gatewayEnvironment">Extra environment for every gateway.</param>
    /// <param name="budgets">Whether to start the budgets gateway too (<see cref="BudgetSettings"/>).</param>
    /// <param name="progress">Where start-up is reported.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public static async Task<BenchServers> StartAsync(
        string tollgateDll,
        string floorDll,
        string? beforeDll,
        IReadOnlyDictionary<string, string> gatewayEnvironment,
        bool budgets,
        Action<string> progress,
        CancellationToken cancellationToken)
    {
        var servers = new BenchServers();
        try
        {
            var simulatorAddress = Loopback();
            progress($"starting the simulated provider on {simulatorAddress}");
            servers._servers[LoadTarget.Direct] = await ServerProcess.StartAsync(
                "simulator", tollgateDll, ["simulate", "--urls", Origin(simulatorAddress)], new Dictionary<string, string>(), simulatorAddress, "v1/models", cancellationToken).ConfigureAwait(false);

            var floorAddress = Loopback();
            progress($"starting the forwarder floor (YARP) on {floorAddress}");
            servers._servers[LoadTarget.Floor] = await ServerProcess.StartAsync(
                "floor", floorDll, ["--urls", Origin(floorAddress), "--upstream", Origin(simulatorAddress)], new Dictionary<string, string>(), floorAddress, "v1/models", cancellationToken).ConfigureAwait(false);

            var environment = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["OPENAI_BASE_URL"] = new Uri(simulatorAddress, "v1").ToString(),
                ["OPENAI_API_KEY"] = "sk-loadbench",
                ["ANTHROPIC_BASE_URL"] = Origin(simulatorAddress),
                ["ANTHROPIC_API_KEY"] = "sk-loadbench",
            };
            foreach (var (key, value) in gatewayEnvironment)
            {
                environment[key] = value;
            }

            if (beforeDll is not null)
            {
                servers._servers[LoadTarget.Before] = await servers.StartGatewayAsync("gateway (before)", beforeDll, environment, progress, cancellationToken).ConfigureAwait(false);
            }

            servers._servers[LoadTarget.Tollgate] = await servers.StartGatewayAsync("gateway", tollgateDll, environment, progress, cancellationToken).ConfigureAwait(false);
            if (budgets)
            {
                var withBudgets = new Dictionary<string, string>(environment, StringComparer.Ordinal);
                foreach (var (key, value) in BudgetSettings.Environment)
                {
                    withBudgets[key] = value;
                }

                servers._servers[LoadTarget.Budgets] = await servers.StartGatewayAsync("gateway (budgets)", tollgateDll, withBudgets, progress, cancellationToken).ConfigureAwait(false);
            }
            return servers;
        }
        catch
        {
            servers.Dispose();
            throw;
        }
    }

    /// <summary>Throws, with the last lines it printed, when any server has died.</summary>
    public void EnsureRunning()
    {
        foreach (var server in _servers.Values)
        {
            if (server.HasExited)
            {
                // WaitForExit drains the redirected output so the last lines the process printed are in the message.
                server.WaitForExit();
                throw new InvalidOperationException($"the {server.Name} process died during the run (exit code {server.ExitCode}):\n{server.Output}");
            }
        }
    }

    public void Dispose()
    {
        foreach (var server in _servers.Values)
        {
            server.Dispose();
        }

        foreach (var directory in _dataDirectories)
        {
            TryDelete(directory);
        }
    }

    private async Task<ServerProcess> StartGatewayAsync(string name, string dll, IReadOnlyDictionary<string, string> environment, Action<string> progress, CancellationToken cancellationToken)
    {
        var address = Loopback();
        var data = Path.Combine(Path.GetTempPath(), "tollgate-loadbench-" + Guid.NewGuid().ToString("N")[..12]);
        _dataDirectories.Add(data);
        progress($"starting the {name} from {dll} on {address} (data in {data})");
        return await ServerProcess.StartAsync(
            name, dll, ["serve", "--urls", Origin(address), "--data-dir", data], environment, address, "healthz", cancellationToken).ConfigureAwait(false);
    }

    private static Uri Loopback()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/");
    }

    private static string Origin(Uri address) => address.ToString().TrimEnd('/');

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless.
        }
        catch (UnauthorizedAccessException)
        {
            // Same.
        }
    }
}
