using System.Text;
using static Tollgate.LoadBench.LoadBenchReport;

namespace Tollgate.LoadBench;

/// <summary>The phase breakdown as a Markdown table: one row per phase, a p50 and a p95 column per scenario.</summary>
internal static class BreakdownReport
{
    public static void AppendMarkdown(StringBuilder md, IReadOnlyList<PhaseBreakdown> breakdowns)
    {
        if (breakdowns.Count == 0)
        {
            return;
        }

        md.AppendLine("### Where Tollgate's time goes (1 connection, phases timed inside the gateway)").AppendLine();
        md.AppendLine("Each phase: the median over one-second intervals of that interval's p50 / p95 (`tollgate.gateway.phase.duration`, read with `dotnet-counters`). `upstream` holds the simulator's own time; the client rows are the same calls as the client timed them (whole response), and direct calls just before.");
        md.AppendLine();
        md.Append("| phase |");
        foreach (var breakdown in breakdowns)
        {
            md.Append(Invariant($" {Label(breakdown)} p50 µs | p95 µs |"));
        }

        md.AppendLine();
        md.Append("|---|");
        md.AppendLine(string.Concat(Enumerable.Repeat("---:|---:|", breakdowns.Count)));
        var phases = PhaseBreakdown.PhaseOrder.Concat(breakdowns.SelectMany(b => b.Phases.Keys).Except(PhaseBreakdown.PhaseOrder).Order(StringComparer.Ordinal)).ToList();
        foreach (var phase in phases)
        {
            md.Append($"| {phase} |");
            foreach (var breakdown in breakdowns)
            {
                md.Append(breakdown.Phases.TryGetValue(phase, out var timing) ? Invariant($" {timing.P50Us:0.0} | {timing.P95Us:0.0} |") : " – | – |");
            }

            md.AppendLine();
        }

        md.Append("| client, through Tollgate (instrumented) |");
        foreach (var breakdown in breakdowns)
        {
            md.Append(Invariant($" {breakdown.Tollgate.Measurement.Latency.P50:0} | – |"));
        }

        md.AppendLine();
        md.Append("| client, direct (simulator only) |");
        foreach (var breakdown in breakdowns)
        {
            md.Append(Invariant($" {breakdown.Direct.Measurement.Latency.P50:0} | – |"));
        }

        md.AppendLine();
        md.AppendLine();
        foreach (var breakdown in breakdowns.Where(b => b.Phases.ContainsKey("total")))
        {
            md.AppendLine(Invariant($"- {Label(breakdown)}: {breakdown.Phases["total"].Intervals} one-second intervals; {breakdown.Tollgate.Measurement.RequestsPerSecond:0} requests/s through Tollgate while recording, {breakdown.Direct.Measurement.RequestsPerSecond:0} direct"));
        }

        foreach (var breakdown in breakdowns.Where(b => b.Problem is not null))
        {
            md.AppendLine($"- {Label(breakdown)}: {breakdown.Problem!.Split('\n')[0]}");
        }

        md.AppendLine();
    }

    public static string Label(PhaseBreakdown breakdown) => breakdown.Scenario switch
    {
        LoadScenarios.ChatStream => "stream",
        LoadScenarios.Hit => "hit",
        LoadScenarios.StreamHit => "stream hit",
        _ => "non-stream",
    } + (breakdown.Target == LoadTarget.Budgets ? " (budgets)" : string.Empty);
}
