using System.Globalization;
using System.Text;

namespace Tollgate.LoadBench;

/// <summary>Everything one run measured, and its rendering as Markdown (stdout); <see cref="LoadBenchJson"/> writes the JSON.</summary>
internal sealed class LoadBenchReport
{
    public const double Mebibyte = 1024 * 1024;

    // Targets of docs/benchmarks.md.
    private const double AddedP50TargetUs = 100;
    private const double AddedP99TargetUs = 1000;
    private const double ThroughputTarget = 5500;
    private const double StreamAddedTargetUs = 1000;
    private const double IdleRssTargetMb = 120;

    public required MachineInfo Machine { get; init; }

    public required LoadBenchOptions Options { get; init; }

    public required string Client { get; init; }

    /// <summary>The targets measured, in the order of every round.</summary>
    public required IReadOnlyList<LoadTarget> Targets { get; init; }

    /// <summary>Resident set size of each target's process 2 s after start, before any load, in bytes.</summary>
    public required IReadOnlyDictionary<LoadTarget, long> IdleRss { get; init; }

    public long GatewayWarmRss { get; set; }

    /// <summary>Peak resident set size (<c>VmHWM</c>) of each target's process at the end, in bytes.</summary>
    public IReadOnlyDictionary<LoadTarget, long> PeakRss { get; set; } = new Dictionary<LoadTarget, long>();

    public long GatewayFinalRss { get; set; }

    public string LoadAverageAfter { get; set; } = "unknown";

    public List<CellResult> Cells { get; } = [];

    public List<PhaseBreakdown> Breakdowns { get; } = [];

    public string ToMarkdown()
    {
        var md = new StringBuilder();
        md.AppendLine("## Tollgate load benchmark").AppendLine();
        md.AppendLine(Invariant($"- Machine: {Machine.Processors} logical CPUs, {Machine.CpuModel}; {Machine.Runtime}; {Machine.Os}"));
        md.AppendLine(Invariant($"- Load average before / after: {Machine.LoadAverage} / {LoadAverageAfter}"));
        md.AppendLine(Invariant($"- {Options.DurationSeconds} s per cell after {Options.WarmupSeconds} s of warm-up per target; {Options.Rounds} round(s){(Options.Rounds > 1 ? ", medians shown" : string.Empty)}; targets in each round: {string.Join(", ", Targets)}"));
        md.AppendLine("- Floor: YARP's bare forwarder (`benchmarks/Tollgate.ForwarderFloor`, `IHttpForwarder`, empty transformer) in front of the same simulator");
        if (Options.BeforeDirectory is not null)
        {
            md.AppendLine($"- Before: the gateway built in `{Options.BeforeDirectory}`, same settings, own port and data directory");
        }

        if (Options.Budgets)
        {
            md.AppendLine("- Budgets: a second gateway of this tree, same settings plus " + BudgetSettings.Description);
        }

        md.AppendLine(Invariant($"- Load generator: {Client} for non-stream cells, the built-in .NET client for streams (it times the first byte)"));
        md.AppendLine("- Priority: " + (Options.Nice is { } nice ? Invariant($"servers and clients at nice {nice}") : "unchanged"));
        md.AppendLine("- Pass-through requests: " + (Options.PassThroughTemperature is { } temperature ? $"`\"temperature\": {temperature}`" : "no temperature") + ", `cache-control: no-store`");
        md.AppendLine("- Gateway environment: " + (Options.GatewayEnvironment.Count == 0 ? "defaults" : string.Join(", ", Options.GatewayEnvironment.Select(p => $"`{p.Key}={p.Value}`"))));
        md.AppendLine();

        var groups = CellGroup.From(Cells);
        AppendWholeCells(md, "Non-stream chat completions", Medians(groups, LoadScenarios.Chat).ToList());
        AppendStreamCells(md, "Streaming chat completions (first byte = first SSE event)", Medians(groups, LoadScenarios.ChatStream).ToList());
        AppendWholeCells(md, "Exact cache hits, non-stream (temperature 0; every call after the first answered from the cache)", Medians(groups, LoadScenarios.Hit).ToList());
        AppendStreamCells(md, "Exact cache hits, streaming (first byte = first SSE event)", Medians(groups, LoadScenarios.StreamHit).ToList());
        ReportComparisons.AppendMarkdown(md, groups);
        BudgetComparisons.AppendMarkdown(md, groups, Cells);
        BreakdownReport.AppendMarkdown(md, Breakdowns);

        md.AppendLine("### Memory").AppendLine();
        md.AppendLine("| process | idle RSS after start | RSS after warm-up | peak RSS (VmHWM) | RSS at end |");
        md.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var target in Targets)
        {
            var name = target switch { LoadTarget.Direct => "simulator", LoadTarget.Tollgate => "gateway", _ => target.ToString().ToLowerInvariant() };
            var (warm, end) = target == LoadTarget.Tollgate ? (Mib(GatewayWarmRss), Mib(GatewayFinalRss)) : (string.Empty, string.Empty);
            md.AppendLine($"| {name} | {Mib(IdleRss[target])} | {warm} | {(PeakRss.TryGetValue(target, out var peak) ? Mib(peak) : string.Empty)} | {end} |");
        }

        md.AppendLine();
        if (Options.Rounds > 1)
        {
            md.AppendLine("### Every round").AppendLine();
            md.AppendLine("| scenario | connections | target | requests/s | p50 µs | p99 µs |");
            md.AppendLine("|---|---:|---|---|---|---|");
            foreach (var group in Cells.GroupBy(c => (c.Scenario, c.Connections, c.Target)).OrderBy(g => g.Key.Scenario, StringComparer.Ordinal).ThenBy(g => g.Key.Connections).ThenBy(g => g.Key.Target))
            {
                md.AppendLine(Invariant($"| {group.Key.Scenario} | {group.Key.Connections} | {group.Key.Target} | {Join(group, c => c.Measurement.RequestsPerSecond)} | {Join(group, c => c.Timing.P50)} | {Join(group, c => c.Timing.P99)} |"));
            }

            md.AppendLine();
        }

        AppendTargets(md, groups);
        return md.ToString();
    }

    private static void AppendWholeCells(StringBuilder md, string title, List<CellResult> cells)
    {
        if (cells.Count == 0)
        {
            return;
        }

        md.AppendLine($"### {title}").AppendLine();
        md.AppendLine("| connections | target | requests/s | p50 µs | p90 µs | p99 µs | errors | proxy CPU µs/req | simulator CPU µs/req | machine busy |");
        md.AppendLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var cell in cells)
        {
            var m = cell.Measurement;
            md.AppendLine(Invariant($"| {cell.Connections} | {cell.Target} | {m.RequestsPerSecond:0} | {m.Latency.P50:0} | {m.Latency.P90:0} | {m.Latency.P99:0} | {m.Errors} | {CpuCell(cell)} | {cell.SimulatorCpuPerRequestUs:0} | {cell.MachineBusyPercent:0} % |"));
        }

        md.AppendLine();
    }

    private static void AppendStreamCells(StringBuilder md, string title, List<CellResult> cells)
    {
        if (cells.Count == 0)
        {
            return;
        }

        md.AppendLine($"### {title}").AppendLine();
        md.AppendLine("| connections | target | streams/s | first byte p50 µs | p90 µs | p99 µs | whole stream p50 µs | p99 µs | errors | proxy CPU µs/req | simulator CPU µs/req |");
        md.AppendLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var cell in cells)
        {
            var m = cell.Measurement;
            md.AppendLine(Invariant($"| {cell.Connections} | {cell.Target} | {m.RequestsPerSecond:0} | {m.FirstByte.P50:0} | {m.FirstByte.P90:0} | {m.FirstByte.P99:0} | {m.Latency.P50:0} | {m.Latency.P99:0} | {m.Errors} | {CpuCell(cell)} | {cell.SimulatorCpuPerRequestUs:0} |"));
        }

        md.AppendLine();
    }

    private void AppendTargets(StringBuilder md, IReadOnlyList<CellGroup> groups)
    {
        md.AppendLine("### Targets").AppendLine();
        md.AppendLine("| target | measured | met |");
        md.AppendLine("|---|---:|---|");
        var single = groups.FirstOrDefault(g => g.Scenario == LoadScenarios.Chat && g.Connections == 1 && g.Has(LoadTarget.Tollgate));
        if (single is not null)
        {
            var added = single.Added(LoadTarget.Tollgate);
            md.AppendLine(Invariant($"| added latency, 1 connection, p50 ≤ {AddedP50TargetUs:0} µs | {added.P50:0} µs | {Met(added.P50 <= AddedP50TargetUs)} |"));
            md.AppendLine(Invariant($"| added latency, 1 connection, p99 ≤ {AddedP99TargetUs:0} µs | {added.P99:0} µs | {Met(added.P99 <= AddedP99TargetUs)} |"));
        }

        var best = Medians(groups, LoadScenarios.Chat).Where(c => c.Target == LoadTarget.Tollgate).Select(c => c.Measurement.RequestsPerSecond).DefaultIfEmpty(0).Max();
        if (best > 0)
        {
            md.AppendLine(Invariant($"| throughput through Tollgate ≥ {ThroughputTarget:0} requests/s | {best:0} requests/s | {Met(best >= ThroughputTarget)} |"));
        }

        var stream = groups.FirstOrDefault(g => g.Scenario == LoadScenarios.ChatStream && g.Connections == 1 && g.Has(LoadTarget.Tollgate));
        if (stream is not null)
        {
            var added = stream.Added(LoadTarget.Tollgate);
            md.AppendLine(Invariant($"| stream first byte added, 1 connection, p50 ≤ {StreamAddedTargetUs:0} µs | {added.P50:0} µs | {Met(added.P50 <= StreamAddedTargetUs)} |"));
            md.AppendLine(Invariant($"| stream first byte added, 1 connection, p99 ≤ {StreamAddedTargetUs:0} µs | {added.P99:0} µs | {Met(added.P99 <= StreamAddedTargetUs)} |"));
        }

        ReportComparisons.AppendFloorTargets(md, groups);
        ReportComparisons.AppendHitTargets(md, groups);
        BudgetComparisons.AppendTargets(md, groups);
        var idleMb = IdleRss[LoadTarget.Tollgate] / Mebibyte;
        md.AppendLine(Invariant($"| idle RSS ≤ {IdleRssTargetMb:0} MiB | {idleMb:0.0} MiB | {Met(idleMb <= IdleRssTargetMb)} |"));
        md.AppendLine();
    }

    /// <summary>The median cells of <paramref name="scenario"/>, by connections then target.</summary>
    public static IEnumerable<CellResult> Medians(IEnumerable<CellGroup> groups, string scenario) =>
        groups.Where(g => g.Scenario == scenario).SelectMany(g => g.Cells.Values.OrderBy(c => c.Target));

    public static string Met(bool met) => met ? "yes" : "**no**";

    public static string Invariant(FormattableString text) => FormattableString.Invariant(text);

    private static string Mib(long bytes) => Invariant($"{bytes / Mebibyte:0.0} MiB");

    private static string CpuCell(CellResult cell) =>
        cell.ProxyCpuPerRequestUs is { } proxy ? Invariant($"{proxy:0}") : Invariant($"(gateway {cell.GatewayCpuPerRequestUs:0} idle)");

    private static string Join(IEnumerable<CellResult> cells, Func<CellResult, double> value) =>
        string.Join(" / ", cells.OrderBy(c => c.Round).Select(c => value(c).ToString("0", CultureInfo.InvariantCulture)));
}
