using System.Text;
using System.Text.Json;

namespace Tollgate.LoadBench;

/// <summary>
/// The report as JSON: the run's settings, every cell of every round, then what the Markdown reads off them (medians,
/// added latency, ratios to the floor, before and after, the phase breakdown), with the same names as the tables.
/// </summary>
internal static class LoadBenchJson
{
    public static string Write(LoadBenchReport report)
    {
        var options = report.Options;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("processors", report.Machine.Processors);
            json.WriteString("cpu", report.Machine.CpuModel);
            json.WriteString("runtime", report.Machine.Runtime);
            json.WriteString("client", report.Client);
            json.WriteNumber("durationSeconds", options.DurationSeconds);
            json.WriteNumber("warmupSeconds", options.WarmupSeconds);
            json.WriteNumber("rounds", options.Rounds);
            json.WriteString("loadAverageBefore", report.Machine.LoadAverage);
            json.WriteString("loadAverageAfter", report.LoadAverageAfter);
            json.WriteStartArray("targets");
            foreach (var target in report.Targets)
            {
                json.WriteStringValue(target.ToString());
            }

            json.WriteEndArray();
            json.WriteString("beforeDirectory", options.BeforeDirectory);
            json.WriteBoolean("budgets", options.Budgets);
            json.WriteStartObject("gatewayEnvironment");
            foreach (var (key, value) in options.GatewayEnvironment)
            {
                json.WriteString(key, value);
            }

            json.WriteEndObject();
            json.WriteNumber("gatewayIdleRssBytes", report.IdleRss[LoadTarget.Tollgate]);
            json.WriteNumber("gatewayWarmRssBytes", report.GatewayWarmRss);
            json.WriteNumber("gatewayPeakRssBytes", report.PeakRss.GetValueOrDefault(LoadTarget.Tollgate));
            json.WriteNumber("gatewayFinalRssBytes", report.GatewayFinalRss);
            json.WriteNumber("simulatorPeakRssBytes", report.PeakRss.GetValueOrDefault(LoadTarget.Direct));
            json.WriteStartArray("memory");
            foreach (var target in report.Targets)
            {
                json.WriteStartObject();
                json.WriteString("target", target.ToString());
                json.WriteNumber("idleRssBytes", report.IdleRss[target]);
                json.WriteNumber("peakRssBytes", report.PeakRss.GetValueOrDefault(target));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("cells");
            foreach (var cell in report.Cells)
            {
                WriteCell(json, cell);
            }

            json.WriteEndArray();
            var groups = CellGroup.From(report.Cells);
            WriteComparisons(json, groups);
            BudgetComparisons.WriteJson(json, groups);
            WriteBreakdowns(json, report.Breakdowns);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteCell(Utf8JsonWriter json, CellResult cell)
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
        if (cell.ProxyCpuPerRequestUs is { } proxy)
        {
            json.WriteNumber("proxyCpuPerRequestUs", Math.Round(proxy, 1));
        }

        json.WriteNumber("simulatorCpuPerRequestUs", Math.Round(cell.SimulatorCpuPerRequestUs, 1));
        json.WriteNumber("machineBusyPercent", Math.Round(cell.MachineBusyPercent, 1));
        json.WriteEndObject();
    }

    /// <summary>Per scenario and connections, the median cells and, for each proxy, what it adds and its ratios.</summary>
    private static void WriteComparisons(Utf8JsonWriter json, IReadOnlyList<CellGroup> groups)
    {
        json.WriteStartArray("summary");
        foreach (var group in groups)
        {
            json.WriteStartObject();
            json.WriteString("scenario", group.Scenario);
            json.WriteNumber("connections", group.Connections);
            json.WriteString("timing", group.IsStream ? "firstByte" : "latency");
            json.WriteStartArray("medians");
            foreach (var cell in group.Cells.Values.OrderBy(c => c.Target))
            {
                WriteCell(json, cell);
            }

            json.WriteEndArray();
            json.WriteStartArray("comparisons");
            foreach (var target in group.Cells.Keys.Where(t => t != LoadTarget.Direct).Order())
            {
                json.WriteStartObject();
                json.WriteString("target", target.ToString());
                var added = group.Added(target);
                json.WriteStartObject("addedUs");
                json.WriteNumber("p50", Math.Round(added.P50, 1));
                json.WriteNumber("p90", Math.Round(added.P90, 1));
                json.WriteNumber("p99", Math.Round(added.P99, 1));
                json.WriteEndObject();
                json.WriteNumber("throughputVersusDirect", Math.Round(group.RequestsPerSecond(target) / group.RequestsPerSecond(LoadTarget.Direct), 4));
                if (target != LoadTarget.Floor && group.Has(LoadTarget.Floor))
                {
                    var ratio = group.AddedP50VersusFloor(target);
                    if (double.IsNaN(ratio))
                    {
                        json.WriteNull("addedP50VersusFloor");
                    }
                    else
                    {
                        json.WriteNumber("addedP50VersusFloor", Math.Round(ratio, 3));
                    }

                    json.WriteNumber("throughputVersusFloor", Math.Round(group.ThroughputVersusFloor(target), 4));
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("beforeAfter");
        foreach (var group in groups.Where(g => g.Has(LoadTarget.Before) && g.Has(LoadTarget.Tollgate)))
        {
            json.WriteStartObject();
            json.WriteString("scenario", group.Scenario);
            json.WriteNumber("connections", group.Connections);
            json.WriteNumber("addedP50UsBefore", Math.Round(group.Added(LoadTarget.Before).P50, 1));
            json.WriteNumber("addedP50UsAfter", Math.Round(group.Added(LoadTarget.Tollgate).P50, 1));
            json.WriteNumber("addedP99UsBefore", Math.Round(group.Added(LoadTarget.Before).P99, 1));
            json.WriteNumber("addedP99UsAfter", Math.Round(group.Added(LoadTarget.Tollgate).P99, 1));
            json.WriteNumber("requestsPerSecondBefore", Math.Round(group.RequestsPerSecond(LoadTarget.Before), 1));
            json.WriteNumber("requestsPerSecondAfter", Math.Round(group.RequestsPerSecond(LoadTarget.Tollgate), 1));
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteBreakdowns(Utf8JsonWriter json, IReadOnlyList<PhaseBreakdown> breakdowns)
    {
        json.WriteStartArray("breakdown");
        foreach (var breakdown in breakdowns)
        {
            json.WriteStartObject();
            json.WriteString("scenario", breakdown.Scenario);
            json.WriteString("target", breakdown.Target.ToString());
            json.WriteNumber("connections", 1);
            json.WriteNumber("directLatencyP50Us", Math.Round(breakdown.Direct.Measurement.Latency.P50, 1));
            json.WriteNumber("tollgateLatencyP50Us", Math.Round(breakdown.Tollgate.Measurement.Latency.P50, 1));
            json.WriteNumber("tollgateRequestsPerSecond", Math.Round(breakdown.Tollgate.Measurement.RequestsPerSecond, 1));
            json.WriteStartObject("phasesUs");
            foreach (var (phase, timing) in breakdown.Phases.OrderBy(p => PhaseIndex(p.Key)))
            {
                json.WriteStartObject(phase);
                json.WriteNumber("p50", Math.Round(timing.P50Us, 1));
                json.WriteNumber("p95", Math.Round(timing.P95Us, 1));
                json.WriteNumber("intervals", timing.Intervals);
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteString("problem", breakdown.Problem);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static int PhaseIndex(string phase)
    {
        var index = PhaseBreakdown.PhaseOrder.ToList().IndexOf(phase);
        return index < 0 ? int.MaxValue : index;
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
}
