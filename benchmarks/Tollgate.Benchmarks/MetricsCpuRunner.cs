using System.Diagnostics;
using System.Globalization;

namespace Tollgate.Benchmarks;

/// <summary>
/// <c>metrics-cpu</c>: the cases of <see cref="MetricsBenchmarks"/> timed by the CPU time the process spent on them, not
/// by the wall clock, so that a machine shared with other work still gives the code's own cost (a loaded machine
/// stretches the wall-clock time of each case by its wait for a core, not its CPU time). Run in Release.
/// </summary>
internal static class MetricsCpuRunner
{
    public const string Command = "metrics-cpu";

    public static int Run()
    {
        var benchmarks = new MetricsBenchmarks();
        benchmarks.Setup();
        Measure("record one settled request (known labels)", 2_000_000, benchmarks.Record);
        Measure("scrape /metrics text, 10,000 series (232 combinations)", 400, () => benchmarks.Scrape());
        Measure("scrape /metrics text, 1,500 combinations (~64,500 series)", 60, () => benchmarks.ScrapeWide());
        return 0;
    }

    private static void Measure(string name, int count, Action operation)
    {
        for (var i = 0; i < count / 4; i++)
        {
            operation(); // warm-up: tiered compilation settles before the measured run
        }

        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            operation();
        }

        clock.Stop();
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalMicroseconds / count;
        var wall = clock.Elapsed.TotalMicroseconds / count;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {cpu:0.###} µs of CPU, {wall:0.###} µs of wall clock per operation ({count} operations)"));
    }
}
