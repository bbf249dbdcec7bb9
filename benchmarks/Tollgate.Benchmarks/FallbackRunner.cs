using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Tollgate.Gateway;
using Tollgate.Providers.Simulation;

namespace Tollgate.Benchmarks;

/// <summary>
/// How long a fallback after a 529 takes, against the retry budget <c>docs/configuration.md</c> documents: an in-process
/// simulated provider answers every call for <c>gpt-4o</c> with an overload (<c>[[fault:529@gpt-4o]]</c>), a gateway
/// with the default resilience settings retries it twice and falls back to <c>gpt-4o-mini</c>; each of N calls is timed
/// from the client, one at a time, and reported beside the documented bound (the waits' worst case plus the attempts).
/// Run twice: with the circuit breaker off (every call pays the retries) and on, as by default (once it opens, calls
/// skip the failing model and fall back at once).
/// </summary>
internal static class FallbackRunner
{
    public const string Command = "fallback-529";

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var count = args.Count > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20;
        Console.Out.WriteLine("| circuit breaker | calls | min | median | p95 | max | worst-case waits (documented) |");
        Console.Out.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        var failed = 0;
        foreach (var breaker in (bool[])[false, true])
        {
            failed += await MeasureAsync(count, breaker).ConfigureAwait(false);
        }

        return failed == 0 ? 0 : 1;
    }

    private static async Task<int> MeasureAsync(int count, bool breaker)
    {
        await using var simulator = await SimulatorHost.StartAsync(new SimulatorOptions(), "http://127.0.0.1:0").ConfigureAwait(false);
        var data = Path.Combine(Path.GetTempPath(), "tollgate-fallback-" + Guid.NewGuid().ToString("N"));
        var options = new GatewayOptions
        {
            Urls = "http://127.0.0.1:0",
            DataDirectory = data,
            OpenAI = new ProviderOptions { ApiKey = "sk-sim", BaseUrl = simulator.BaseAddress + "v1" },
        };
        options.Fallbacks["gpt-4o"] = ["gpt-4o-mini"];
        options.Resilience.CircuitBreaker.Enabled = breaker;
        var settings = options.Resilience;
        try
        {
            await using var gateway = await GatewayApplication.StartAsync(options, logging => logging.ClearProviders()).ConfigureAwait(false);
            using var http = new HttpClient { BaseAddress = gateway.Addresses[0] };
            var times = new List<double>(count);
            for (var i = 0; i <= count; i++)
            {
                using var body = new StringContent(
                    "{\"model\":\"gpt-4o\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"Call " + i.ToString(CultureInfo.InvariantCulture) + ". [[fault:529@gpt-4o]]\"}]}",
                    Encoding.UTF8,
                    "application/json");
                var started = Stopwatch.GetTimestamp();
                using var response = await http.PostAsync("v1/chat/completions", body).ConfigureAwait(false);
                await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                var served = response.Headers.TryGetValues("x-tollgate-model", out var model) ? string.Join(",", model) : "?";
                if (!response.IsSuccessStatusCode || !served.StartsWith("gpt-4o-mini", StringComparison.Ordinal))
                {
                    Console.Error.WriteLine($"call {i}: status {(int)response.StatusCode}, served by {served}");
                    return 1;
                }

                if (i > 0)
                {
                    times.Add(elapsed); // the first call warms the gateway up
                }
            }

            times.Sort();
            var worstWaits = 0.0;
            for (var retry = 0; retry < settings.MaxRetries; retry++)
            {
                worstWaits += Math.Min(settings.BaseDelayMs * Math.Pow(2, retry) * 1.2, settings.MaxDelaySeconds * 1000);
            }

            worstWaits = Math.Min(worstWaits, settings.RetryBudgetSeconds * 1000);
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {(breaker ? "on" : "off")} | {count} | {times[0]:0} ms | {times[times.Count / 2]:0} ms | {times[(int)Math.Ceiling(times.Count * 0.95) - 1]:0} ms | {times[^1]:0} ms | {worstWaits:0} ms |"));
            return times[^1] <= (settings.RetryBudgetSeconds * 1000) + 1000 ? 0 : 1;
        }
        finally
        {
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
                // a temporary directory; left for the system to clean
            }
        }
    }
}
