using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Playwright;

namespace Tollgate.Benchmarks;

/// <summary>
/// <c>dashboard-paint [rounds]</c>: the dashboard's first paint in headless Chromium against a gateway serving the
/// million-row ledger of <see cref="DashboardReadBenchmarks"/>. The gateway is the Release build of the CLI
/// (<c>tollgate serve</c>, its own process, the embedded store on that ledger); the page's clock is set to 17 minutes
/// before the ledger's last row, so that its "last 24 hours" and "last 30 days" hold that day and the whole ledger. Each
/// round opens the page afresh (signed in) and times, in the page: its first contentful paint, the page painted with the
/// default period's numbers (navigation start to the end of its first load: every read of the page answered and drawn),
/// and the switch to the last 30 days (the choice to its numbers drawn, without reloading). <c>--detail</c> prints each
/// round's resource timings (the page, its assets, each admin read), <c>--profile DIR</c> saves the page's CPU profile of
/// each first load, for the DevTools' Performance panel; <c>--dense</c> serves the ledger whose million rows all arrived
/// in its last hour.
/// </summary>
internal static class DashboardPaintRunner
{
    public const string Command = "dashboard-paint";

    private const string AdminKey = "dashboard-paint-admin-key";

    // --detail: each round's resource timings; --profile DIR: each round's CPU profile of the page (Chrome DevTools format).
    private static bool s_detail;
    private static string? s_profiles;

    // Records, in the page, when each load of the dashboard ends (it counts them in body[data-loads]) and when the first
    // contentful paint was, by the browser's own clock: added before the page's clock is set, which replaces
    // performance.now() with its own.
    private const string LoadTimes =
        "(() => { const now = performance.now.bind(performance); window.__now = now; window.__perf = performance; window.__loads = []; window.__paint = NaN; " +
        "new PerformanceObserver(list => { for (const e of list.getEntries()) if (e.name === 'first-contentful-paint') window.__paint = e.startTime; })" +
        ".observe({ type: 'paint', buffered: true }); " +
        "document.addEventListener('DOMContentLoaded', () => new MutationObserver(() => window.__loads.push(now()))" +
        ".observe(document.body, { attributes: true, attributeFilter: ['data-loads'] })); })();";

    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? int.Parse(args[0], CultureInfo.InvariantCulture) : 7;
        s_detail = args.Contains("--detail");
        s_profiles = Array.IndexOf(args, "--profile") is var at and >= 0 && at + 1 < args.Length ? args[at + 1] : null;
        var cli = Path.Combine(RepositoryRoot(), "src", "Tollgate.Cli", "bin", "Release", "net10.0", "tollgate.dll");
        if (!File.Exists(cli))
        {
            Console.Error.WriteLine($"No {cli}: build it first (dotnet build -c Release src/Tollgate.Cli).");
            return 2;
        }

        var chromium = Environment.GetEnvironmentVariable("TOLLGATE_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";
        if (!File.Exists(chromium))
        {
            Console.Error.WriteLine($"No chromium at {chromium} (apt-get install chromium, or set TOLLGATE_CHROMIUM).");
            return 2;
        }

        var ledger = DashboardReadBenchmarks.EnsureLedger(dense: args.Contains("--dense"));
        var origin = new Uri($"http://127.0.0.1:{FreePort()}/");
        using var gateway = StartGateway(cli, ledger, origin);
        try
        {
            await WaitUntilUpAsync(origin, gateway).ConfigureAwait(false);
            var results = await MeasureAsync(origin, chromium, rounds).ConfigureAwait(false);
            Report(results);
            return 0;
        }
        finally
        {
            gateway.Kill(entireProcessTree: true);
            await gateway.WaitForExitAsync().ConfigureAwait(false);
        }
    }

    private static async Task<List<Round>> MeasureAsync(Uri origin, string chromium, int rounds)
    {
        using var playwright = await Playwright.CreateAsync().ConfigureAwait(false);
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox"],
        }).ConfigureAwait(false);
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            TimezoneId = "UTC",
            Locale = "en-GB",
            ViewportSize = new ViewportSize { Width = 1440, Height = 1000 },
        }).ConfigureAwait(false);
        await context.AddInitScriptAsync(LoadTimes).ConfigureAwait(false);
        await context.Clock.SetFixedTimeAsync(DashboardReadBenchmarks.LedgerEnd.AddMinutes(-17).UtcDateTime).ConfigureAwait(false);

        // Signed in once: the session cookie serves every round.
        var signIn = await context.NewPageAsync().ConfigureAwait(false);
        await signIn.GotoAsync(new Uri(origin, "ui").ToString()).ConfigureAwait(false);
        await signIn.FillAsync("[data-testid=admin-key]", AdminKey).ConfigureAwait(false);
        await signIn.ClickAsync("[data-testid=sign-in]").ConfigureAwait(false);
        await WaitForLoadsAsync(signIn, 1).ConfigureAwait(false);
        await signIn.CloseAsync().ConfigureAwait(false);

        var results = new List<Round>();
        for (var round = 0; round < rounds; round++)
        {
            var page = await context.NewPageAsync().ConfigureAwait(false);
            ICDPSession? cdp = null;
            if (s_profiles is not null)
            {
                cdp = await context.NewCDPSessionAsync(page).ConfigureAwait(false);
                await cdp.SendAsync("Profiler.enable").ConfigureAwait(false);
                await cdp.SendAsync("Profiler.setSamplingInterval", new Dictionary<string, object> { ["interval"] = 100 }).ConfigureAwait(false);
                await cdp.SendAsync("Profiler.start").ConfigureAwait(false);
            }

            var clock = Stopwatch.StartNew();
            await page.GotoAsync(new Uri(origin, "ui").ToString()).ConfigureAwait(false);
            await WaitForLoadsAsync(page, 1).ConfigureAwait(false);
            if (cdp is not null)
            {
                var profile = await cdp.SendAsync("Profiler.stop").ConfigureAwait(false);
                Directory.CreateDirectory(s_profiles!);
                File.WriteAllText(Path.Combine(s_profiles!, $"profile{round + 1}.json"), profile!.Value.GetRawText());
            }
            var dayWall = clock.Elapsed.TotalMilliseconds;
            var requests = await page.GetAttributeAsync("[data-testid=total-requests]", "data-value").ConfigureAwait(false);
            var contentful = await page.EvaluateAsync<double>("() => window.__paint").ConfigureAwait(false);
            var firstLoad = await page.EvaluateAsync<double>("() => window.__loads[0]").ConfigureAwait(false);
            if (s_detail)
            {
                Console.WriteLine(await page.EvaluateAsync<string>(
                    "() => { const performance = window.__perf; const n = performance.getEntriesByType('navigation')[0]; return 'nav responseEnd ' + n.responseEnd.toFixed(0) + ' dcl ' + n.domContentLoadedEventEnd.toFixed(0) + ' | ' + " +
                    "performance.getEntriesByType('resource').map(r => r.name.replace(location.origin, '').slice(0, 40) + ' ' + r.startTime.toFixed(0) + '-' + r.responseEnd.toFixed(0)).join(' | '); }").ConfigureAwait(false));
            }

            clock.Restart();
            await page.EvaluateAsync(
                "() => { window.__chosen = window.__now(); const range = document.getElementById('range'); range.value = '30d'; " +
                "range.dispatchEvent(new Event('change')); }").ConfigureAwait(false);
            await WaitForLoadsAsync(page, 2).ConfigureAwait(false);
            var monthWall = clock.Elapsed.TotalMilliseconds;
            var monthRequests = await page.GetAttributeAsync("[data-testid=total-requests]", "data-value").ConfigureAwait(false);
            var month = await page.EvaluateAsync<double>("() => window.__loads[1] - window.__chosen").ConfigureAwait(false);
            results.Add(new Round(contentful, firstLoad, month, requests ?? "?", monthRequests ?? "?"));
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"round {round + 1}: first contentful paint {contentful:F0} ms, last 24 hours painted {firstLoad:F0} ms ({dayWall:F0} ms as the driver saw it; {requests} requests), " +
                $"last 30 days painted {month:F0} ms after the choice ({monthWall:F0} ms; {monthRequests} requests)"));
            await page.CloseAsync().ConfigureAwait(false);
        }

        return results;
    }

    private static Task<IJSHandle> WaitForLoadsAsync(IPage page, int loads) =>
        page.WaitForFunctionAsync($"() => Number(document.body.dataset.loads || 0) >= {loads}", null, new PageWaitForFunctionOptions { Timeout = 120_000, PollingInterval = 5 });

    private static void Report(List<Round> results)
    {
        static string Stats(IEnumerable<double> values)
        {
            var sorted = values.Order().ToArray();
            return string.Create(CultureInfo.InvariantCulture, $"{sorted[sorted.Length / 2]:F0} ms ({sorted[0]:F0}–{sorted[^1]:F0})");
        }

        Console.WriteLine();
        Console.WriteLine("| measured in the page | median (min–max) |");
        Console.WriteLine("| --- | ---: |");
        Console.WriteLine($"| first contentful paint | {Stats(results.Select(r => r.ContentfulPaint))} |");
        Console.WriteLine($"| last 24 hours painted with its numbers, from navigation start | {Stats(results.Select(r => r.DayPainted))} |");
        Console.WriteLine($"| last 30 days painted with its numbers, from the choice | {Stats(results.Select(r => r.MonthPainted))} |");
        Console.WriteLine($"| requests shown: last 24 hours / last 30 days | {results[0].DayRequests} / {results[0].MonthRequests} |");
    }

    private static Process StartGateway(string cli, string data, Uri origin)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { cli, "serve", "--urls", origin.ToString().TrimEnd('/'), "--data-dir", data })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["TOLLGATE_ADMIN_KEY"] = AdminKey;
        start.Environment["DOTNET_gcServer"] = "0";
        var process = Process.Start(start)!;
        process.OutputDataReceived += static (_, _) => { };
        process.ErrorDataReceived += static (_, e) =>
        {
            if (e.Data is { } line)
            {
                Console.Error.WriteLine("gateway: " + line);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitUntilUpAsync(Uri origin, Process gateway)
    {
        using var http = new HttpClient { BaseAddress = origin };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(2))
        {
            if (gateway.HasExited)
            {
                throw new InvalidOperationException($"The gateway exited with {gateway.ExitCode}.");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("healthz", UriKind.Relative)).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200).ConfigureAwait(false);
        }

        throw new TimeoutException("The gateway did not answer /healthz within two minutes.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Directory.Packages.props")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Run from the repository's build output: no Directory.Packages.props above it.");
    }

    private sealed record Round(double ContentfulPaint, double DayPainted, double MonthPainted, string DayRequests, string MonthRequests);
}
