using System.Diagnostics;
using System.Globalization;

namespace Tollgate.LoadBench;

/// <summary>
/// Runs <c>wrk</c> (one thread, so the client takes as little CPU as it can from the servers) with a Lua script
/// that sets the POST body and prints the exact percentiles, in microseconds, from wrk's own histogram.
/// </summary>
internal sealed class WrkLoadClient : ILoadClient
{
    private const string ResultMarker = "LOADBENCH ";

    /// <summary>Nice value to give each wrk process, or null to leave it as started.</summary>
    public static int? Nice { get; set; }

    public string Name => "wrk";

    public static string? FindExecutable()
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, "wrk");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    public async Task<LoadMeasurement> RunAsync(Uri baseAddress, LoadRequest request, int connections, TimeSpan duration, CancellationToken cancellationToken)
    {
        if (request.Stream)
        {
            throw new ArgumentException("wrk cannot time the first byte of a stream; use the built-in client.", nameof(request));
        }

        var script = Path.Combine(Path.GetTempPath(), $"tollgate-loadbench-{Environment.ProcessId}.lua");
        await File.WriteAllTextAsync(script, Script(request), cancellationToken).ConfigureAwait(false);
        try
        {
            var start = new ProcessStartInfo("wrk")
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var argument in new[]
            {
                "-t1", $"-c{connections}", $"-d{(int)Math.Ceiling(duration.TotalSeconds)}s", "--timeout", "10s", "--latency", "-s", script,
                new Uri(baseAddress, request.Path).ToString(),
            })
            {
                start.ArgumentList.Add(argument);
            }

            using var wrk = Process.Start(start) ?? throw new InvalidOperationException("could not start wrk.");
            Priority.Apply(wrk.Id, Nice);
            using var watchdog = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            watchdog.CancelAfter(duration + TimeSpan.FromSeconds(30));
            var output = wrk.StandardOutput.ReadToEndAsync(watchdog.Token);
            var errors = wrk.StandardError.ReadToEndAsync(watchdog.Token);
            try
            {
                await wrk.WaitForExitAsync(watchdog.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                wrk.Kill(entireProcessTree: true);
                throw;
            }

            var text = await output.ConfigureAwait(false);
            return Parse(text, await errors.ConfigureAwait(false));
        }
        finally
        {
            File.Delete(script);
        }
    }

    private static string Script(LoadRequest request) => $$"""
        wrk.method = "POST"
        wrk.body = [==[{{request.BodyText}}]==]
        wrk.headers["Content-Type"] = "application/json"
        {{(request.CacheControl is { } cacheControl ? $"wrk.headers[\"Cache-Control\"] = \"{cacheControl}\"" : string.Empty)}}
        {{string.Concat(request.Headers.Select(h => $"wrk.headers[\"{h.Key}\"] = \"{h.Value}\"\n"))}}
        done = function(summary, latency, requests)
          local e = summary.errors
          io.write(string.format("{{ResultMarker}}requests=%d duration_us=%d errors=%d p50=%d p90=%d p99=%d max=%d mean=%f\n",
            summary.requests, summary.duration, e.connect + e.read + e.write + e.status + e.timeout,
            latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
        end
        """;

    private static LoadMeasurement Parse(string output, string errors)
    {
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith(ResultMarker, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"wrk printed no result:\n{output}\n{errors}");
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var pair in line[ResultMarker.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            values[pair[..equals]] = double.Parse(pair[(equals + 1)..], CultureInfo.InvariantCulture);
        }

        var requests = (long)values["requests"];
        return new LoadMeasurement(
            requests,
            (long)values["errors"],
            TimeSpan.FromMicroseconds(values["duration_us"]),
            new LatencyStats(requests, values["p50"], values["p90"], values["p99"], values["max"], values["mean"]),
            LatencyStats.Empty);
    }
}
