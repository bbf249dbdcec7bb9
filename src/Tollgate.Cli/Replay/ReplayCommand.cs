using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Spectre.Console;
using Tollgate.Cli.Commands;
using Tollgate.Cli.Json;
using Tollgate.Cli.Workloads;
using Tollgate.Gateway.Hosting;

namespace Tollgate.Cli.Replay;

/// <summary>
/// <c>tollgate replay FILE.jsonl [--gateway URL] [--rate N] [--speedup X]</c>: sends a workload through a gateway (its
/// own in-process one with the simulated provider unless <c>--gateway</c> names one), with a live progress bar, then
/// prints what the ledger says the run cost with and without Tollgate, the savings by lever, latency percentiles
/// measured here, errors and, for a labelled workload, the wrong-answer check. Exit codes: <see cref="ExitCodes"/>.
/// </summary>
internal static class ReplayCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "The workload, one request per line (samples/README.md describes the format)." };
        var gateway = new Option<string?>("--gateway") { Description = "Replay through this running gateway instead of a built-in one with the simulated provider." };
        var key = new Option<string?>("--key") { Description = "Virtual key the requests carry (TOLLGATE_API_KEY when not given; none needed by a loopback gateway without keys)." };
        var adminKey = AdminApi.AdminKey();
        var rate = new Option<double>("--rate") { Description = "Send this many requests per second, ignoring the arrival times." };
        var speedup = new Option<double>("--speedup") { Description = "Divide the arrival times by this (10 replays an hour in six minutes).", DefaultValueFactory = _ => 1 };
        var config = new Option<string?>("--config") { Description = "A configuration file laid over the built-in gateway's demo settings (not with --gateway)." };
        var format = new Option<string>("--format") { Description = "table for people, json for scripts.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var maxErrorRate = new Option<double>("--max-error-rate") { Description = "Share of failed requests (0 to 1) above which the exit code is 5.", DefaultValueFactory = _ => 0.01 };
        var command = new Command("replay", "Replay a workload through a gateway and print what it cost with and without Tollgate, savings by lever and latency.")
        {
            file, gateway, key, adminKey, rate, speedup, config, format, maxErrorRate,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var json = parse.GetValue(format) == "json";
            var settings = new ReplaySettings(
                parse.GetValue(file)!,
                parse.GetValue(gateway),
                parse.GetValue(key) ?? (Environment.GetEnvironmentVariable("TOLLGATE_API_KEY") is { Length: > 0 } fromEnvironment ? fromEnvironment : null),
                parse.GetValue(adminKey) ?? (Environment.GetEnvironmentVariable("TOLLGATE_ADMIN_KEY") is { Length: > 0 } admin ? admin : null),
                parse.GetValue(rate),
                parse.GetValue(speedup),
                parse.GetValue(config),
                parse.GetValue(maxErrorRate));
            return await RunAsync(settings, json, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunAsync(ReplaySettings settings, bool json, CancellationToken cancellationToken)
    {
        if (settings.Speedup <= 0 || settings.Rate < 0 || settings.MaxErrorRate is < 0 or > 1)
        {
            return await ExitCodes.FailAsync(ExitCodes.BadArguments, "--speedup must be more than 0, --rate 0 or more, --max-error-rate from 0 to 1.").ConfigureAwait(false);
        }

        if (settings.Gateway is not null && settings.ConfigFile is not null)
        {
            return await ExitCodes.FailAsync(ExitCodes.BadArguments, "--config configures the built-in gateway; a running gateway named by --gateway keeps its own settings.").ConfigureAwait(false);
        }

        IReadOnlyList<WorkloadLine> lines;
        int malformed;
        try
        {
            (lines, malformed) = WorkloadReader.Read(settings.File, Console.Error);
        }
        catch (FileNotFoundException exception)
        {
            return await ExitCodes.FailAsync(ExitCodes.MissingFile, exception.Message).ConfigureAwait(false);
        }

        if (lines.Count == 0)
        {
            return await ExitCodes.FailAsync(ExitCodes.BadArguments, $"{settings.File} holds no request to send.").ConfigureAwait(false);
        }

        var info = json ? Console.Error : Console.Out;
        OwnGateway? own = null;
        Uri baseAddress;
        if (settings.Gateway is { } url)
        {
            if (GatewayProbe.BaseAddress(url) is not { } address)
            {
                return await ExitCodes.FailAsync(ExitCodes.BadArguments, $"--gateway must be an absolute http(s) URL, e.g. http://127.0.0.1:8080; got '{url}'.").ConfigureAwait(false);
            }

            baseAddress = address;
        }
        else
        {
            try
            {
                own = await OwnGateway.StartAsync(settings.ConfigFile, lines, cancellationToken).ConfigureAwait(false);
            }
            catch (FileNotFoundException exception)
            {
                return await ExitCodes.FailAsync(ExitCodes.MissingFile, exception.Message).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is GatewayStartupException or InvalidDataException or FormatException or IOException)
            {
                return await ExitCodes.FailAsync(ExitCodes.BadArguments, "the built-in gateway did not start: " + exception.Message).ConfigureAwait(false);
            }

            baseAddress = own.BaseAddress;
            await info.WriteLineAsync("Built-in gateway with: " + string.Join("; ", own.Levers) + ".").ConfigureAwait(false);
        }

        await using (own)
        {
            using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(10) };
            if (own is null && !await GatewayProbe.IsReachableAsync(http, cancellationToken).ConfigureAwait(false))
            {
                return await ExitCodes.FailAsync(ExitCodes.GatewayUnreachable, $"cannot reach the gateway at {baseAddress}.").ConfigureAwait(false);
            }

            if (own is not null)
            {
                await OwnGateway.WarmUpAsync(http, lines, cancellationToken).ConfigureAwait(false);
            }

            var runId = "r" + Guid.NewGuid().ToString("N")[..10];
            var since = DateTimeOffset.UtcNow.AddMinutes(-1); // the ledger's clock may trail ours a little
            await info.WriteLineAsync($"Replaying {lines.Count} requests from {settings.File} through {(own is null ? baseAddress.ToString() : "the built-in gateway")} (tag replay={runId}).").ConfigureAwait(false);
            var clock = Stopwatch.StartNew();
            var sender = new ReplaySender(http, settings.Key, runId);
            ReplayOutcome[] outcomes = [];
            var progress = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
            await progress.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask("requests", maxValue: lines.Count);
                    outcomes = await sender.RunAsync(lines, settings.Speedup, settings.Rate, () => task.Increment(1), cancellationToken).ConfigureAwait(false);
                }).ConfigureAwait(false);
            var duration = clock.Elapsed.TotalSeconds;

            var ledger = new ReplayLedger(http, settings.AdminKey);
            var spend = await ledger.SpendAsync(runId, since, cancellationToken).ConfigureAwait(false);
            // Only answered requests: one refused before settling (a wrong key) has an id but no ledger row, and a failure saves nothing.
            var levers = spend is null ? null : await ledger.SavingsByLeverAsync([.. outcomes.Where(o => o.Succeeded && o.RequestId is not null).Select(o => o.RequestId!)], cancellationToken).ConfigureAwait(false);
            if (spend is not { } money || levers is null)
            {
                return ExitCodes.Failed;
            }

            var errors = outcomes.LongCount(o => !o.Succeeded);
            var summary = new ReplaySummary
            {
                RunId = runId,
                Gateway = own is null ? baseAddress.ToString().TrimEnd('/') : "built-in",
                File = settings.File,
                Requests = outcomes.Length,
                MalformedLines = malformed,
                Succeeded = outcomes.Length - errors,
                Errors = errors,
                ErrorsByType = ReplayResults.ErrorsByType(outcomes),
                Cache = ReplayResults.CacheStatuses(outcomes),
                DurationSeconds = Math.Round(duration, 2),
                CostUsd = money.Cost,
                BaselineCostUsd = money.Baseline,
                SavedUsd = money.Saved,
                SavedShare = money.Baseline is > 0m && money.Saved is { } saved ? Math.Round(saved / money.Baseline.Value, 4) : null,
                UnpricedRequests = money.Unpriced,
                SavingsByLever = levers,
                LatencyMs = ReplayResults.Latency(outcomes),
                Labels = ReplayResults.LabelCheck(outcomes),
            };
            if (json)
            {
                Console.WriteLine(JsonSerializer.Serialize(summary, CliJsonContext.Default.ReplaySummary));
            }
            else
            {
                ReplayPrinter.Print(summary);
            }

            if (errors > settings.MaxErrorRate * outcomes.Length)
            {
                await Console.Error.WriteLineAsync($"tollgate: {errors} of {outcomes.Length} requests failed, more than --max-error-rate {settings.MaxErrorRate} allows.").ConfigureAwait(false);
                return ExitCodes.TooManyErrors;
            }

            return ExitCodes.Ok;
        }
    }

    private sealed record ReplaySettings(string File, string? Gateway, string? Key, string? AdminKey, double Rate, double Speedup, string? ConfigFile, double MaxErrorRate);
}
