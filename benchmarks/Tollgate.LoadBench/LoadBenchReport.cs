using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Tollgate.LoadBench;

/// <summary>Everything one run measured, and its rendering as Markdown (stdout) and JSON.</summary>
internal sealed class LoadBenchReport
{
    private const double Mebibyte = 1024 * 1024;

    // Targets of docs/benchmarks.md.
    private const double AddedP50TargetUs = 100;
    private const double AddedP99TargetUs = 1000;
    private const double ThroughputTarget = 5500;
    private const double StreamAddedTargetUs = 1000;
    private const double IdleRssTargetMb = 120;

    public required MachineInfo Machine { get; init; }

    public required LoadBenchOptions Options { get; init; }

    public required string Client { get; init; }

    public required long GatewayIdleRss { get; init; }

    public required long SimulatorIdleRss { get; init; }

    public long GatewayWarmRss { get; set; }

    public long GatewayPeakRss { get; set; }

    public long GatewayFinalRss { get; set; }

    public long SimulatorPeakRss { get; set; }

    public string LoadAverageAfter { get; set; } = "unknown";

    public List<CellResult> Cells { get; } = [];

    public string ToMarkdown()
    {
        var md = new StringBuilder();
        md.AppendLine("## Tollgate load benchmark").AppendLine();
        md.AppendLine(Invariant($"- Machine: {Machine.Processors} logical CPUs, {Machine.CpuModel}; {Machine.Runtime}; {Machine.Os}"));
        md.AppendLine(Invariant($"- Load average before / after: {Machine.LoadAverage} / {LoadAverageAfter}"));
        md.AppendLine(Invariant($"- {Options.DurationSeconds} s per cell after {Options.WarmupSeconds} s of warm-up per target; {Options.Rounds} round(s){(Options.Rounds > 1 ? ", medians shown" : string.Empty)}"));
        md.AppendLine(Invariant($"- Load generator: {Client} for non-stream cells, the built-in .NET client for streams (it times the first byte)"));
        md.AppendLine("- Priority: " + (Options.Nice is { } nice ? Invariant($"servers and clients at nice {nice}") : "unchanged"));
        md.AppendLine("- Gateway environment: " + (Options.GatewayEnvironment.Count == 0 ? "defaults" : string.Join(", ", Options.GatewayEnvironment.Select(p => $"`{p.Key}={p.Value}`"))));
        md.AppendLine();

        md.AppendLine("### Non-stream chat completions").AppendLine();
        md.AppendLine("| connections | target | requests/s | p50 µs | p90 µs | p99 µs | errors | gateway CPU µs/req | simulator CPU µs/req | machine busy |");
        md.AppendLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var cell in Summary("chat"))
        {
            var m = cell.Measurement;
            md.AppendLine(Invariant($"| {cell.Connections} | {cell.Target} | {m.RequestsPerSecond:0} | {m.Latency.P50:0} | {m.Latency.P90:0} | {m.Latency.P99:0} | {m.Errors} | {CpuCell(cell)} | {cell.SimulatorCpuPerRequestUs:0} | {cell.MachineBusyPercent:0} % |"));
        }

        md.AppendLine();
        var streams = Summary("chat-stream").ToList();
        if (streams.Count > 0)
        {
            md.AppendLine("### Streaming chat completions (first byte = first SSE event)").AppendLine();
            md.AppendLine("| connections | target | streams/s | first byte p50 µs | p90 µs | p99 µs | whole stream p50 µs | p99 µs | errors | gateway CPU µs/req |");
            md.AppendLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var cell in streams)
            {
                var m = cell.Measurement;
                md.AppendLine(Invariant($"| {cell.Connections} | {cell.Target} | {m.RequestsPerSecond:0} | {m.FirstByte.P50:0} | {m.FirstByte.P90:0} | {m.FirstByte.P99:0} | {m.Latency.P50:0} | {m.Latency.P99:0} | {m.Errors} | {CpuCell(cell)} |"));
            }

            md.AppendLine();
        }

        md.AppendLine("### Added by Tollgate (through Tollgate − direct)").AppendLine();
        md.AppendLine("| scenario | connections | added p50 µs | added p90 µs | added p99 µs | throughput through / direct |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var (scenario, connections, direct, through) in Pairs())
        {
            var (d, t) = scenario == "chat-stream" ? (direct.Measurement.FirstByte, through.Measurement.FirstByte) : (direct.Measurement.Latency, through.Measurement.Latency);
            var label = scenario == "chat-stream" ? "stream, first byte" : "non-stream";
            md.AppendLine(Invariant($"| {label} | {connections} | {t.P50 - d.P50:0} | {t.P90 - d.P90:0} | {t.P99 - d.P99:0} | {through.Measurement.RequestsPerSecond / direct.Measurement.RequestsPerSecond:P0} |"));
        }

        md.AppendLine();
        md.AppendLine("### Memory").AppendLine();
        md.AppendLine("| process | idle RSS after start | RSS after warm-up | peak RSS (VmHWM) | RSS at end |");
        md.AppendLine("|---|---:|---:|---:|---:|");
        md.AppendLine(Invariant($"| gateway | {GatewayIdleRss / Mebibyte:0.0} MiB | {GatewayWarmRss / Mebibyte:0.0} MiB | {GatewayPeakRss / Mebibyte:0.0} MiB | {GatewayFinalRss / Mebibyte:0.0} MiB |"));
        md.AppendLine(Invariant($"| simulator | {SimulatorIdleRss / Mebibyte:0.0} MiB | | {SimulatorPeakRss / Mebibyte:0.0} MiB | |"));
        md.AppendLine();

        if (Options.Rounds > 1)
        {
            md.AppendLine("### Every round").AppendLine();
            md.AppendLine("| scenario | connections | target | requests/s | p50 µs | p99 µs |");
            md.AppendLine("|---|---:|---|---|---|---|");
            foreach (var group in Cells.GroupBy(c => (c.Scenario, c.Connections, c.Target)))
            {
                var scenarioStream = group.Key.Scenario == "chat-stream";
                md.AppendLine(Invariant($"| {group.Key.Scenario} | {group.Key.Connections} | {group.Key.Target} | {Join(group, c => c.Measurement.RequestsPerSecond)} | {Join(group, c => scenarioStream ? c.Measurement.FirstByte.P50 : c.Measurement.Latency.P50)} | {Join(group, c => scenarioStream ? c.Measurement.FirstByte.P99 : c.Measurement.Latency.P99)} |"));
            }

            md.AppendLine();
        }

        AppendTargets(md);
        return md.ToString();
    }

    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("processors", Machine.Processors);
            json.WriteString("cpu", Machine.CpuModel);
            json.WriteString("runtime", Machine.Runtime);
            json.WriteString("client", Client);
            json.WriteNumber("durationSeconds", Options.DurationSeconds);
            json.WriteNumber("warmupSeconds", Options.WarmupSeconds);
            json.WriteStartObject("gatewayEnvironment");
            foreach (var (key, value) in Options.GatewayEnvironment)
            {
                json.WriteString(key, value);
            }

            json.WriteEndObject();
            json.WriteNumber("gatewayIdleRssBytes", GatewayIdleRss);
            json.WriteNumber("gatewayWarmRssBytes", GatewayWarmRss);
            json.WriteNumber("gatewayPeakRssBytes", GatewayPeakRss);
            json.WriteNumber("gatewayFinalRssBytes", GatewayFinalRss);
            json.WriteNumber("simulatorPeakRssBytes", SimulatorPeakRss);
            json.WriteStartArray("cells");
            foreach (var cell in Cells)
            {
                json.WriteStartObject();
                json.WriteString("scenario", cell.Scenario);
                json.WriteString("target", cell.Target.ToString());
                json.WriteNumber("connections", cell.Connections);
                json.WriteNumber("round", cell.Round);
                json.WriteString("client", cell.Client);
                json.WriteNumber("requests", cell.Measurement.Requests);
                json.WriteNumber("errors", cell.Measurement.Errors);
                json.WriteNumber("requestsPerSecond", Math.Round(cell.Measurement.RequestsPerSecond, 1));
                WriteStats(json, "latencyUs", cell.Measurement.Latency);
                if (cell.Measurement.FirstByte.Count > 0)
                {
                    WriteStats(json, "firstByteUs", cell.Measurement.FirstByte);
                }

                json.WriteNumber("gatewayCpuPerRequestUs", Math.Round(cell.GatewayCpuPerRequestUs, 1));
                json.WriteNumber("simulatorCpuPerRequestUs", Math.Round(cell.SimulatorCpuPerRequestUs, 1));
                json.WriteNumber("machineBusyPercent", Math.Round(cell.MachineBusyPercent, 1));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private void AppendTargets(StringBuilder md)
    {
        md.AppendLine("### Targets").AppendLine();
        md.AppendLine("| target | measured | met |");
        md.AppendLine("|---|---:|---|");
        var chat = Pairs().Where(p => p.Scenario == "chat").ToList();
        var single = chat.FirstOrDefault(p => p.Connections == 1);
        if (single.Direct is not null)
        {
            var added50 = single.Through.Measurement.Latency.P50 - single.Direct.Measurement.Latency.P50;
            var added99 = single.Through.Measurement.Latency.P99 - single.Direct.Measurement.Latency.P99;
            md.AppendLine(Invariant($"| added latency, 1 connection, p50 ≤ {AddedP50TargetUs:0} µs | {added50:0} µs | {Met(added50 <= AddedP50TargetUs)} |"));
            md.AppendLine(Invariant($"| added latency, 1 connection, p99 ≤ {AddedP99TargetUs:0} µs | {added99:0} µs | {Met(added99 <= AddedP99TargetUs)} |"));
        }

        var best = Summary("chat").Where(c => c.Target == LoadTarget.Tollgate).Select(c => c.Measurement.RequestsPerSecond).DefaultIfEmpty(0).Max();
        md.AppendLine(Invariant($"| throughput through Tollgate ≥ {ThroughputTarget:0} requests/s | {best:0} requests/s | {Met(best >= ThroughputTarget)} |"));

        var stream = Pairs().FirstOrDefault(p => p.Scenario == "chat-stream" && p.Connections == 1);
        if (stream.Direct is not null)
        {
            var added50 = stream.Through.Measurement.FirstByte.P50 - stream.Direct.Measurement.FirstByte.P50;
            var added99 = stream.Through.Measurement.FirstByte.P99 - stream.Direct.Measurement.FirstByte.P99;
            md.AppendLine(Invariant($"| stream first byte added, 1 connection, p50 ≤ {StreamAddedTargetUs:0} µs | {added50:0} µs | {Met(added50 <= StreamAddedTargetUs)} |"));
            md.AppendLine(Invariant($"| stream first byte added, 1 connection, p99 ≤ {StreamAddedTargetUs:0} µs | {added99:0} µs | {Met(added99 <= StreamAddedTargetUs)} |"));
        }

        var idleMb = GatewayIdleRss / Mebibyte;
        md.AppendLine(Invariant($"| idle RSS ≤ {IdleRssTargetMb:0} MiB | {idleMb:0.0} MiB | {Met(idleMb <= IdleRssTargetMb)} |"));
        md.AppendLine();
    }

    /// <summary>One cell per scenario, connections and target: the median of its rounds, metric by metric.</summary>
    private IEnumerable<CellResult> Summary(string scenario) =>
        Cells.Where(c => c.Scenario == scenario)
            .GroupBy(c => (c.Connections, c.Target))
            .OrderBy(g => g.Key.Connections).ThenBy(g => g.Key.Target)
            .Select(Median);

    private IEnumerable<(string Scenario, int Connections, CellResult Direct, CellResult Through)> Pairs()
    {
        foreach (var scenario in Cells.Select(c => c.Scenario).Distinct())
        {
            var cells = Summary(scenario).ToList();
            foreach (var direct in cells.Where(c => c.Target == LoadTarget.Direct))
            {
                var through = cells.FirstOrDefault(c => c.Target == LoadTarget.Tollgate && c.Connections == direct.Connections);
                if (through is not null)
                {
                    yield return (scenario, direct.Connections, direct, through);
                }
            }
        }
    }

    private static CellResult Median(IGrouping<(int Connections, LoadTarget Target), CellResult> rounds)
    {
        var list = rounds.ToList();
        if (list.Count == 1)
        {
            return list[0];
        }

        var m = list.Select(c => c.Measurement).ToList();
        var elapsed = TimeSpan.FromSeconds(Med(m, x => x.Elapsed.TotalSeconds));
        var measurement = new LoadMeasurement(
            (long)Math.Round(Med(m, x => x.RequestsPerSecond) * elapsed.TotalSeconds),
            (long)Med(m, x => x.Errors),
            elapsed,
            MedianStats(m.Select(x => x.Latency).ToList()),
            MedianStats(m.Select(x => x.FirstByte).ToList()));
        return list[0] with
        {
            Round = 0,
            Measurement = measurement,
            GatewayCpuPerRequestUs = Med(list, c => c.GatewayCpuPerRequestUs),
            SimulatorCpuPerRequestUs = Med(list, c => c.SimulatorCpuPerRequestUs),
            MachineBusyPercent = Med(list, c => c.MachineBusyPercent),
        };
    }

    private static LatencyStats MedianStats(List<LatencyStats> stats) => stats[0].Count == 0
        ? LatencyStats.Empty
        : new LatencyStats((long)Med(stats, s => s.Count), Med(stats, s => s.P50), Med(stats, s => s.P90), Med(stats, s => s.P99), Med(stats, s => s.Max), Med(stats, s => s.Mean));

    private static double Med<T>(IEnumerable<T> items, Func<T, double> value)
    {
        var sorted = items.Select(value).OrderBy(v => v).ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static void WriteStats(Utf8JsonWriter json, string name, LatencyStats stats)
    {
        json.WriteStartObject(name);
        json.WriteNumber("p50", Math.Round(stats.P50, 1));
        json.WriteNumber("p90", Math.Round(stats.P90, 1));
        json.WriteNumber("p99", Math.Round(stats.P99, 1));
        json.WriteNumber("max", Math.Round(stats.Max, 1));
        json.WriteNumber("mean", Math.Round(stats.Mean, 1));
        json.WriteEndObject();
    }

    private static string CpuCell(CellResult cell) =>
        cell.Target == LoadTarget.Tollgate ? Invariant($"{cell.GatewayCpuPerRequestUs:0}") : Invariant($"({cell.GatewayCpuPerRequestUs:0} idle)");

    private static string Join(IEnumerable<CellResult> cells, Func<CellResult, double> value) =>
        string.Join(" / ", cells.OrderBy(c => c.Round).Select(c => value(c).ToString("0", CultureInfo.InvariantCulture)));

    private static string Met(bool met) => met ? "yes" : "**no**";

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
