using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Tollgate.LoadBench;

/// <summary>
/// Reads the gateway's phase durations (the <c>tollgate.gateway.phase.duration</c> histogram of the
/// <c>Tollgate.Gateway</c> meter) with <c>dotnet-counters collect</c>, the local tool of the repository
/// (<c>.config/dotnet-tools.json</c>). The runtime's metrics source publishes each histogram's p50, p95 and p99 once a
/// second; a phase's figure is the median of those over the intervals the load ran.
/// </summary>
internal static class PhaseCounters
{
    private const string Meter = "Tollgate.Gateway";
    private const string Instrument = "tollgate.gateway.phase.duration";
    private const string SessionStarted = "Starting a counter session";

    /// <summary>Restores the repository's local tools (dotnet-counters among them).</summary>
    public static async Task RestoreAsync(string root, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("tool");
        start.ArgumentList.Add("restore");
        using var restore = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet tool restore.");
        var output = restore.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = await restore.StandardError.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        await restore.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (restore.ExitCode != 0)
        {
            throw new InvalidOperationException("dotnet tool restore failed:\n" + await output.ConfigureAwait(false) + error);
        }
    }

    /// <summary>Attaches to <paramref name="pid"/>, runs <paramref name="load"/> while collecting, and returns its result and the phases.</summary>
    public static async Task<(T Result, IReadOnlyDictionary<string, PhaseTiming> Phases, string? Problem)> CollectAsync<T>(
        string root,
        int pid,
        int? nice,
        TimeSpan duration,
        Func<Task<T>> load,
        CancellationToken cancellationToken)
    {
        var file = Path.Combine(Path.GetTempPath(), $"tollgate-loadbench-counters-{Guid.NewGuid():N}.json");
        // The session says it is starting before the runtime has enabled it (seconds later on a busy machine): give it
        // three seconds before the load, and three after it for the last interval to be published. Intervals missed at
        // either end only leave fewer to take the median of.
        var session = duration + TimeSpan.FromSeconds(6);
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            WorkingDirectory = root,
            RedirectStandardInput = true, // keeps it from reading keys off the terminal
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
        {
            "dotnet-counters", "collect", "--process-id", pid.ToString(CultureInfo.InvariantCulture), "--counters", Meter, "--format", "json",
            "--output", file, "--refresh-interval", "1", "--maxHistograms", "20", "--duration", DaysHoursMinutesSeconds(session),
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var counters = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet-counters.");
        var output = new System.Text.StringBuilder();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        counters.OutputDataReceived += (_, e) => OnLine(e.Data, output, started);
        counters.ErrorDataReceived += (_, e) => OnLine(e.Data, output, started: null);
        counters.BeginOutputReadLine();
        counters.BeginErrorReadLine();
        try
        {
            var ready = await Task.WhenAny(started.Task, counters.WaitForExitAsync(cancellationToken), Task.Delay(TimeSpan.FromSeconds(60), cancellationToken)).ConfigureAwait(false);
            if (ready != started.Task)
            {
                throw new InvalidOperationException("dotnet-counters did not start a session:\n" + Text(output));
            }

            Priority.Apply(counters.Id, nice);
            await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken).ConfigureAwait(false);
            var result = await load().ConfigureAwait(false);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(session + TimeSpan.FromSeconds(60));
            await counters.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            var (phases, problem) = Read(file);
            return (result, phases, problem is null ? null : problem + "\n" + Text(output));
        }
        finally
        {
            if (!counters.HasExited)
            {
                counters.Kill(entireProcessTree: true);
            }

            File.Delete(file);
        }
    }

    /// <summary>Per phase, the medians of the p50s and p95s dotnet-counters wrote to <paramref name="file"/>.</summary>
    public static (IReadOnlyDictionary<string, PhaseTiming> Phases, string? Problem) Read(string file)
    {
        var empty = new Dictionary<string, PhaseTiming>();
        if (!File.Exists(file))
        {
            return (empty, "dotnet-counters wrote no file.");
        }

        var samples = new Dictionary<(string Phase, string Percentile), List<double>>();
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(file));
            foreach (var item in document.RootElement.GetProperty("Events").EnumerateArray())
            {
                if (item.GetProperty("provider").GetString() != Meter || item.GetProperty("name").GetString()?.StartsWith(Instrument, StringComparison.Ordinal) != true)
                {
                    continue;
                }

                var (phase, percentile) = Tags(item.GetProperty("tags").GetString() ?? string.Empty);
                var seconds = item.GetProperty("value").GetDouble();
                if (phase is not null && percentile is not null)
                {
                    if (!samples.TryGetValue((phase, percentile), out var list))
                    {
                        samples[(phase, percentile)] = list = [];
                    }

                    list.Add(seconds * 1e6);
                }
            }
        }
        catch (JsonException exception)
        {
            // A session that saw no measurement leaves an unterminated file.
            return (empty, "dotnet-counters wrote no readable measurement (" + exception.Message + ").");
        }

        var phases = new Dictionary<string, PhaseTiming>(StringComparer.Ordinal);
        foreach (var phase in samples.Keys.Select(k => k.Phase).Distinct())
        {
            if (samples.TryGetValue((phase, "50"), out var p50) && samples.TryGetValue((phase, "95"), out var p95))
            {
                phases[phase] = new PhaseTiming(CellGroup.Med(p50, v => v), CellGroup.Med(p95, v => v), p50.Count);
            }
        }

        return phases.Count == 0 ? (phases, "dotnet-counters recorded no phase duration.") : (phases, null);
    }

    private static (string? Phase, string? Percentile) Tags(string tags)
    {
        string? phase = null, percentile = null;
        foreach (var pair in tags.Split(',', StringSplitOptions.TrimEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                var (key, value) = (pair[..equals], pair[(equals + 1)..]);
                phase = key == "phase" ? value : phase;
                percentile = key == "Percentile" ? value : percentile;
            }
        }

        return (phase, percentile);
    }

    private static void OnLine(string? line, System.Text.StringBuilder output, TaskCompletionSource? started)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }

        if (started is not null && line.Contains(SessionStarted, StringComparison.Ordinal))
        {
            started.TrySetResult();
        }
    }

    private static string Text(System.Text.StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    private static string DaysHoursMinutesSeconds(TimeSpan span) =>
        string.Create(CultureInfo.InvariantCulture, $"{span.Days:00}:{span.Hours:00}:{span.Minutes:00}:{span.Seconds:00}");
}
