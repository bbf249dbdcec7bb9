using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Tollgate.LoadBench;

/// <summary>
/// One benchmark run: builds the CLI and the forwarder floor, starts the simulated provider, the floor, the gateway
/// (and an earlier build's gateway with <c>--before</c>) as processes on loopback, warms each up, measures every cell
/// with the targets interleaved round by round, optionally breaks the gateway's time down by phase, prints the
/// report, and kills every process whatever happens.
/// </summary>
internal static class LoadBenchRun
{
    public static async Task<int> RunAsync(LoadBenchOptions options, CancellationToken cancellationToken)
    {
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // SIGTERM and SIGINT unwind through the finally blocks below, so the servers never outlive the run.
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Stop(context, cancellation));
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Stop(context, cancellation));
        var token = cancellation.Token;

        var root = options.RepositoryRoot ?? FindRepositoryRoot();
        if (root is null)
        {
            return await FailAsync("cannot find Tollgate.slnx above the working directory; pass --repo DIR.", 2).ConfigureAwait(false);
        }

        var client = ChooseClient(options.Client);
        if (client is null)
        {
            return await FailAsync("--client wrk was asked but wrk is not on the PATH.", 2).ConfigureAwait(false);
        }

        var beforeDll = options.BeforeDirectory is { } before ? Path.GetFullPath(Path.Combine(before, "tollgate.dll")) : null;
        if (beforeDll is not null && !File.Exists(beforeDll))
        {
            return await FailAsync($"--before: {beforeDll} is missing; build the earlier commit first (see docs/benchmarks.md).", 2).ConfigureAwait(false);
        }

        if (options.Build
            && !(await BuildAsync(root, Path.Combine("src", "Tollgate.Cli", "Tollgate.Cli.csproj"), token).ConfigureAwait(false)
                && await BuildAsync(root, Path.Combine("benchmarks", "Tollgate.ForwarderFloor", "Tollgate.ForwarderFloor.csproj"), token).ConfigureAwait(false)))
        {
            return 1;
        }

        var dll = Path.Combine(root, "src", "Tollgate.Cli", "bin", "Release", "net10.0", "tollgate.dll");
        var floorDll = Path.Combine(root, "benchmarks", "Tollgate.ForwarderFloor", "bin", "Release", "net10.0", "Tollgate.ForwarderFloor.dll");
        foreach (var required in new[] { dll, floorDll })
        {
            if (!File.Exists(required))
            {
                return await FailAsync($"{required} is missing; build it in Release (or drop --no-build).", 2).ConfigureAwait(false);
            }
        }

        BenchServers? servers = null;
        try
        {
            if (options.Breakdown)
            {
                Progress("restoring the local tools (dotnet-counters)");
                await PhaseCounters.RestoreAsync(root, token).ConfigureAwait(false);
            }

            servers = await BenchServers.StartAsync(dll, floorDll, beforeDll, options.GatewayEnvironment, options.Budgets, Progress, token).ConfigureAwait(false);
            foreach (var target in servers.Targets)
            {
                Priority.Apply(servers[target].Id, options.Nice);
            }

            Priority.Apply(Environment.ProcessId, options.Nice);
            WrkLoadClient.Nice = options.Nice;

            // Let start-up work (tiered compilation, the first GC) settle before reading the idle footprint.
            await Task.Delay(TimeSpan.FromSeconds(2), token).ConfigureAwait(false);
            var report = new LoadBenchReport
            {
                Machine = MachineInfo.Read(),
                Options = options,
                Client = client.Name,
                Targets = servers.Targets,
                IdleRss = servers.Targets.ToDictionary(t => t, t => ProcessProbe.ResidentBytes(servers[t].Id)),
            };

            var streamClient = new DotnetLoadClient();
            var scenarios = LoadScenarios.Of(options);
            ILoadClient ClientOf(string scenario) => LoadScenarios.IsStream(scenario) ? streamClient : client;
            LoadRequest RequestOf(string scenario) => LoadScenarios.Request(scenario, options.PassThroughTemperature, options.Budgets);
            if (options.WarmupSeconds > 0)
            {
                var maxConnections = options.Connections.Max();
                var warmup = TimeSpan.FromSeconds(options.WarmupSeconds);
                foreach (var target in servers.Targets)
                {
                    Progress($"warming up {target}: {options.WarmupSeconds} s at {maxConnections} connections");
                    foreach (var scenario in scenarios.Where(s => LoadScenarios.Measures(s, target)))
                    {
                        // The whole pass-through warms for the full time, every other scenario for half of it.
                        var time = scenario == LoadScenarios.Chat ? warmup : warmup / 2;
                        await ClientOf(scenario).RunAsync(servers[target].BaseAddress, RequestOf(scenario), maxConnections, time, token).ConfigureAwait(false);
                    }
                }
            }

            // The first call of a hit scenario is a miss, stored off the response's path: make sure the cells measure hits.
            await EnsureHitsAsync(servers.Gateway.BaseAddress, scenarios, token).ConfigureAwait(false);
            report.GatewayWarmRss = ProcessProbe.ResidentBytes(servers.Gateway.Id);
            var duration = TimeSpan.FromSeconds(options.DurationSeconds);
            for (var round = 1; round <= options.Rounds; round++)
            {
                foreach (var scenario in scenarios)
                {
                    foreach (var connections in options.Connections)
                    {
                        // Every target back to back, so each round compares them under the same conditions.
                        foreach (var target in servers.Targets.Where(t => LoadScenarios.Measures(scenario, t)))
                        {
                            report.Cells.Add(await MeasureAsync(scenario, RequestOf(scenario), ClientOf(scenario), target, servers, connections, round, duration, token).ConfigureAwait(false));
                        }
                    }
                }
            }

            // Still hits at the end: nothing evicted or expired the entries while the rounds ran.
            await EnsureHitsAsync(servers.Gateway.BaseAddress, scenarios, token).ConfigureAwait(false);
            if (options.Breakdown)
            {
                foreach (var scenario in scenarios)
                {
                    report.Breakdowns.Add(await BreakDownAsync(root, scenario, RequestOf(scenario), ClientOf(scenario), servers, LoadTarget.Tollgate, options.Nice, duration, token).ConfigureAwait(false));
                    if (options.Budgets)
                    {
                        report.Breakdowns.Add(await BreakDownAsync(root, scenario, RequestOf(scenario), ClientOf(scenario), servers, LoadTarget.Budgets, options.Nice, duration, token).ConfigureAwait(false));
                    }
                }
            }

            report.PeakRss = servers.Targets.ToDictionary(t => t, t => ProcessProbe.PeakResidentBytes(servers[t].Id));
            report.GatewayFinalRss = ProcessProbe.ResidentBytes(servers.Gateway.Id);
            report.LoadAverageAfter = MachineInfo.ReadLoadAverage();

            Console.Out.Write(report.ToMarkdown());
            await Console.Out.FlushAsync(token).ConfigureAwait(false);
            if (options.JsonPath is not null)
            {
                await File.WriteAllTextAsync(options.JsonPath, LoadBenchJson.Write(report), token).ConfigureAwait(false);
                Progress($"wrote {options.JsonPath}");
            }

            return 0;
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            return await FailAsync("stopped.", 130).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is InvalidOperationException or TimeoutException or HttpRequestException or IOException)
        {
            return await FailAsync(exception.Message, 1).ConfigureAwait(false);
        }
        finally
        {
            servers?.Dispose();
        }
    }

    /// <summary>Direct calls, then calls through <paramref name="target"/> (a gateway) with its phase durations collected, at one connection.</summary>
    private static async Task<PhaseBreakdown> BreakDownAsync(string root, string scenario, LoadRequest request, ILoadClient client, BenchServers servers, LoadTarget target, int? nice, TimeSpan duration, CancellationToken cancellationToken)
    {
        Progress($"breakdown: {scenario}, direct then {target} with dotnet-counters attached");
        var direct = await MeasureAsync(scenario, request, client, LoadTarget.Direct, servers, 1, 0, duration, cancellationToken).ConfigureAwait(false);
        var (tollgate, phases, problem) = await PhaseCounters.CollectAsync(
            root,
            servers[target].Id,
            nice,
            duration,
            () => MeasureAsync(scenario, request, client, target, servers, 1, 0, duration, cancellationToken),
            cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            Progress("breakdown: " + problem);
        }

        return new PhaseBreakdown { Scenario = scenario, Target = target, Direct = direct, Tollgate = tollgate, Phases = phases, Problem = problem };
    }

    private static async Task<CellResult> MeasureAsync(
        string scenario,
        LoadRequest request,
        ILoadClient client,
        LoadTarget target,
        BenchServers servers,
        int connections,
        int round,
        TimeSpan duration,
        CancellationToken cancellationToken)
    {
        Progress($"{(round == 0 ? "breakdown" : $"round {round}")}: {scenario} {target} x{connections} ({client.Name}, {duration.TotalSeconds:0} s)");
        servers.EnsureRunning();
        var proxy = target == LoadTarget.Direct ? null : servers[target];
        var gatewayCpu = ProcessProbe.CpuTime(servers.Gateway.Id);
        var proxyCpu = proxy is null ? TimeSpan.Zero : ProcessProbe.CpuTime(proxy.Id);
        var simulatorCpu = ProcessProbe.CpuTime(servers.Simulator.Id);
        var machine = MachineCpu.Read();
        var measurement = await client.RunAsync(servers[target].BaseAddress, request, connections, duration, cancellationToken).ConfigureAwait(false);
        var machineBusy = MachineCpu.Read().BusyPercentSince(machine);
        servers.EnsureRunning();
        var requests = Math.Max(1, measurement.Requests);
        var result = new CellResult
        {
            Scenario = scenario,
            Target = target,
            Connections = connections,
            Round = round,
            Client = client.Name,
            Measurement = measurement,
            GatewayCpuPerRequestUs = (ProcessProbe.CpuTime(servers.Gateway.Id) - gatewayCpu).TotalMicroseconds / requests,
            ProxyCpuPerRequestUs = proxy is null ? null : (ProcessProbe.CpuTime(proxy.Id) - proxyCpu).TotalMicroseconds / requests,
            SimulatorCpuPerRequestUs = (ProcessProbe.CpuTime(servers.Simulator.Id) - simulatorCpu).TotalMicroseconds / requests,
            MachineBusyPercent = machineBusy,
        };
        Progress($"  {measurement.RequestsPerSecond:0} req/s, p50 {measurement.Latency.P50:0} µs, p99 {measurement.Latency.P99:0} µs, errors {measurement.Errors}");
        return result;
    }

    /// <summary>Throws unless the gateway answers each hit scenario's request from its cache (<c>x-tollgate-cache: hit</c>).</summary>
    private static async Task EnsureHitsAsync(Uri gateway, IEnumerable<string> scenarios, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = gateway };
        foreach (var scenario in scenarios.Where(LoadScenarios.IsHit))
        {
            var request = LoadScenarios.Request(scenario);
            using var message = new HttpRequestMessage(HttpMethod.Post, request.Path) { Content = new ByteArrayContent(request.Body) };
            message.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
            using var response = await http.SendAsync(message, cancellationToken).ConfigureAwait(false);
            await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            var cache = response.Headers.TryGetValues("x-tollgate-cache", out var values) ? string.Join(",", values) : "(none)";
            if (!response.IsSuccessStatusCode || cache != "hit")
            {
                throw new InvalidOperationException($"the gateway answered the {scenario} request with status {(int)response.StatusCode} and x-tollgate-cache: {cache}, not a cache hit.");
            }
        }
    }

    private static ILoadClient? ChooseClient(LoadClientKind kind) => kind switch
    {
        LoadClientKind.Dotnet => new DotnetLoadClient(),
        LoadClientKind.Wrk => WrkLoadClient.FindExecutable() is null ? null : new WrkLoadClient(),
        _ => WrkLoadClient.FindExecutable() is null ? new DotnetLoadClient() : new WrkLoadClient(),
    };

    private static async Task<bool> BuildAsync(string root, string project, CancellationToken cancellationToken)
    {
        Progress($"building {project} (Release)");
        // The build's own output goes to stderr so stdout carries only the report.
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, WorkingDirectory = root, RedirectStandardOutput = true };
        foreach (var argument in new[] { "build", project, "-c", "Release", "-nologo", "-v", "quiet", "-clp:ErrorsOnly" })
        {
            start.ArgumentList.Add(argument);
        }

        using var build = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet build.");
        var output = await build.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        await build.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (build.ExitCode != 0)
        {
            await Console.Error.WriteLineAsync($"loadbench: building {project} failed:\n" + output).ConfigureAwait(false);
            return false;
        }

        return true;
    }

    private static string? FindRepositoryRoot()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Tollgate.slnx")))
                {
                    return directory.FullName;
                }
            }
        }

        return null;
    }

    private static void Stop(PosixSignalContext context, CancellationTokenSource cancellation)
    {
        context.Cancel = true;
        cancellation.Cancel();
    }

    private static async Task<int> FailAsync(string message, int exitCode)
    {
        await Console.Error.WriteLineAsync("loadbench: " + message).ConfigureAwait(false);
        return exitCode;
    }

    private static void Progress(string message) => Console.Error.WriteLine("loadbench: " + message);
}
