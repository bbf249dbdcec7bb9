using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Tollgate.LoadBench;

/// <summary>
/// One benchmark run: builds the CLI, starts the simulated provider and the gateway as two processes on
/// loopback, warms both up, measures every cell (direct and through Tollgate side by side), prints the report,
/// and kills both processes whatever happens.
/// </summary>
internal static class LoadBenchRun
{
    private const string ChatScenario = "chat";
    private const string StreamScenario = "chat-stream";

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
            await Console.Error.WriteLineAsync("loadbench: cannot find Tollgate.slnx above the working directory; pass --repo DIR.").ConfigureAwait(false);
            return 2;
        }

        var client = ChooseClient(options.Client);
        if (client is null)
        {
            await Console.Error.WriteLineAsync("loadbench: --client wrk was asked but wrk is not on the PATH.").ConfigureAwait(false);
            return 2;
        }

        if (options.Build && !await BuildCliAsync(root, token).ConfigureAwait(false))
        {
            return 1;
        }

        var dll = Path.Combine(root, "src", "Tollgate.Cli", "bin", "Release", "net10.0", "tollgate.dll");
        if (!File.Exists(dll))
        {
            await Console.Error.WriteLineAsync($"loadbench: {dll} is missing; build with 'dotnet build src/Tollgate.Cli -c Release'.").ConfigureAwait(false);
            return 2;
        }

        var dataDirectory = Path.Combine(Path.GetTempPath(), "tollgate-loadbench-" + Guid.NewGuid().ToString("N")[..12]);
        ServerProcess? simulator = null, gateway = null;
        try
        {
            var simulatorAddress = new Uri($"http://127.0.0.1:{FreePort()}/");
            var gatewayAddress = new Uri($"http://127.0.0.1:{FreePort()}/");
            Progress($"starting the simulated provider on {simulatorAddress}");
            simulator = await ServerProcess.StartAsync(
                "simulator", dll, ["simulate", "--urls", simulatorAddress.ToString().TrimEnd('/')], new Dictionary<string, string>(), simulatorAddress, "v1/models", token).ConfigureAwait(false);

            var environment = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["OPENAI_BASE_URL"] = new Uri(simulatorAddress, "v1").ToString(),
                ["OPENAI_API_KEY"] = "sk-loadbench",
                ["ANTHROPIC_BASE_URL"] = simulatorAddress.ToString().TrimEnd('/'),
                ["ANTHROPIC_API_KEY"] = "sk-loadbench",
            };
            foreach (var (key, value) in options.GatewayEnvironment)
            {
                environment[key] = value;
            }

            Priority.Apply(simulator.Id, options.Nice);
            Progress($"starting the gateway on {gatewayAddress} (data in {dataDirectory})");
            gateway = await ServerProcess.StartAsync(
                "gateway", dll, ["serve", "--urls", gatewayAddress.ToString().TrimEnd('/'), "--data-dir", dataDirectory], environment, gatewayAddress, "healthz", token).ConfigureAwait(false);

            Priority.Apply(gateway.Id, options.Nice);
            Priority.Apply(Environment.ProcessId, options.Nice);
            WrkLoadClient.Nice = options.Nice;

            // Let start-up work (tiered compilation, the first GC) settle before reading the idle footprint.
            await Task.Delay(TimeSpan.FromSeconds(2), token).ConfigureAwait(false);
            var report = new LoadBenchReport
            {
                Machine = MachineInfo.Read(),
                Options = options,
                Client = client.Name,
                GatewayIdleRss = ProcessProbe.ResidentBytes(gateway.Id),
                SimulatorIdleRss = ProcessProbe.ResidentBytes(simulator.Id),
            };

            var streamClient = new DotnetLoadClient();
            var maxConnections = options.Connections.Max();
            if (options.WarmupSeconds > 0)
            {
                var warmup = TimeSpan.FromSeconds(options.WarmupSeconds);
                foreach (var target in new[] { simulator, gateway })
                {
                    Progress($"warming up {target.Name}: {options.WarmupSeconds} s at {maxConnections} connections");
                    await client.RunAsync(target.BaseAddress, LoadRequest.Chat(stream: false), maxConnections, warmup, token).ConfigureAwait(false);
                    if (options.Stream)
                    {
                        await streamClient.RunAsync(target.BaseAddress, LoadRequest.Chat(stream: true), maxConnections, warmup / 2, token).ConfigureAwait(false);
                    }
                }
            }

            report.GatewayWarmRss = ProcessProbe.ResidentBytes(gateway.Id);
            var duration = TimeSpan.FromSeconds(options.DurationSeconds);
            for (var round = 1; round <= options.Rounds; round++)
            {
                foreach (var connections in options.Connections)
                {
                    foreach (var (target, server) in new[] { (LoadTarget.Direct, simulator), (LoadTarget.Tollgate, gateway) })
                    {
                        report.Cells.Add(await MeasureAsync(ChatScenario, client, LoadRequest.Chat(stream: false), target, server, connections, round, duration, gateway, simulator, token).ConfigureAwait(false));
                    }
                }

                if (options.Stream)
                {
                    foreach (var connections in options.Connections)
                    {
                        foreach (var (target, server) in new[] { (LoadTarget.Direct, simulator), (LoadTarget.Tollgate, gateway) })
                        {
                            report.Cells.Add(await MeasureAsync(StreamScenario, streamClient, LoadRequest.Chat(stream: true), target, server, connections, round, duration, gateway, simulator, token).ConfigureAwait(false));
                        }
                    }
                }
            }

            report.GatewayPeakRss = ProcessProbe.PeakResidentBytes(gateway.Id);
            report.GatewayFinalRss = ProcessProbe.ResidentBytes(gateway.Id);
            report.SimulatorPeakRss = ProcessProbe.PeakResidentBytes(simulator.Id);
            report.LoadAverageAfter = MachineInfo.ReadLoadAverage();

            Console.Out.Write(report.ToMarkdown());
            await Console.Out.FlushAsync(token).ConfigureAwait(false);
            if (options.JsonPath is not null)
            {
                await File.WriteAllTextAsync(options.JsonPath, report.ToJson(), token).ConfigureAwait(false);
                Progress($"wrote {options.JsonPath}");
            }

            return 0;
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("loadbench: stopped.").ConfigureAwait(false);
            return 130;
        }
        catch (Exception exception) when (exception is InvalidOperationException or TimeoutException or HttpRequestException or IOException)
        {
            await Console.Error.WriteLineAsync("loadbench: " + exception.Message).ConfigureAwait(false);
            return 1;
        }
        finally
        {
            gateway?.Dispose();
            simulator?.Dispose();
            TryDelete(dataDirectory);
        }
    }

    private static async Task<CellResult> MeasureAsync(
        string scenario,
        ILoadClient client,
        LoadRequest request,
        LoadTarget target,
        ServerProcess server,
        int connections,
        int round,
        TimeSpan duration,
        ServerProcess gateway,
        ServerProcess simulator,
        CancellationToken cancellationToken)
    {
        Progress($"round {round}: {scenario} {target} x{connections} ({client.Name}, {duration.TotalSeconds:0} s)");
        EnsureRunning(gateway);
        EnsureRunning(simulator);
        var gatewayCpu = ProcessProbe.CpuTime(gateway.Id);
        var simulatorCpu = ProcessProbe.CpuTime(simulator.Id);
        var machine = MachineCpu.Read();
        var measurement = await client.RunAsync(server.BaseAddress, request, connections, duration, cancellationToken).ConfigureAwait(false);
        var machineBusy = MachineCpu.Read().BusyPercentSince(machine);
        EnsureRunning(gateway);
        EnsureRunning(simulator);
        var gatewayUsed = ProcessProbe.CpuTime(gateway.Id) - gatewayCpu;
        var simulatorUsed = ProcessProbe.CpuTime(simulator.Id) - simulatorCpu;
        var requests = Math.Max(1, measurement.Requests);
        var result = new CellResult
        {
            Scenario = scenario,
            Target = target,
            Connections = connections,
            Round = round,
            Client = client.Name,
            Measurement = measurement,
            GatewayCpuPerRequestUs = gatewayUsed.TotalMicroseconds / requests,
            SimulatorCpuPerRequestUs = simulatorUsed.TotalMicroseconds / requests,
            MachineBusyPercent = machineBusy,
        };
        Progress($"  {measurement.RequestsPerSecond:0} req/s, p50 {measurement.Latency.P50:0} µs, p99 {measurement.Latency.P99:0} µs, errors {measurement.Errors}");
        return result;
    }

    private static void EnsureRunning(ServerProcess server)
    {
        if (server.HasExited)
        {
            // WaitForExit drains the redirected output so the last lines the process printed are in the message.
            server.WaitForExit();
            throw new InvalidOperationException($"the {server.Name} process died during the run (exit code {server.ExitCode}):\n{server.Output}");
        }
    }

    private static ILoadClient? ChooseClient(LoadClientKind kind) => kind switch
    {
        LoadClientKind.Dotnet => new DotnetLoadClient(),
        LoadClientKind.Wrk => WrkLoadClient.FindExecutable() is null ? null : new WrkLoadClient(),
        _ => WrkLoadClient.FindExecutable() is null ? new DotnetLoadClient() : new WrkLoadClient(),
    };

    private static async Task<bool> BuildCliAsync(string root, CancellationToken cancellationToken)
    {
        Progress("building src/Tollgate.Cli (Release)");
        // The build's own output goes to stderr so stdout carries only the report.
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, WorkingDirectory = root, RedirectStandardOutput = true };
        foreach (var argument in new[] { "build", Path.Combine("src", "Tollgate.Cli", "Tollgate.Cli.csproj"), "-c", "Release", "-nologo", "-v", "quiet", "-clp:ErrorsOnly" })
        {
            start.ArgumentList.Add(argument);
        }

        using var build = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet build.");
        var output = await build.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        await build.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (build.ExitCode != 0)
        {
            await Console.Error.WriteLineAsync("loadbench: building src/Tollgate.Cli failed:\n" + output).ConfigureAwait(false);
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Stop(PosixSignalContext context, CancellationTokenSource cancellation)
    {
        context.Cancel = true;
        cancellation.Cancel();
    }

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

    private static void Progress(string message) => Console.Error.WriteLine("loadbench: " + message);
}
