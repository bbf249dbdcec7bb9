using System.Text;
using System.Text.Json;
using static Tollgate.LoadBench.LoadBenchReport;

namespace Tollgate.LoadBench;

/// <summary>
/// What budgets and a rate limit cost end to end (<c>--budgets</c>): the gateway with them (<see cref="LoadTarget.Budgets"/>)
/// against the same build without them (<see cref="LoadTarget.Tollgate"/>), measured in the same interleaved rounds, as
/// medians and round by round, and against the budgets' targets.
/// </summary>
internal static class BudgetComparisons
{
    /// <summary>The budgets' target: the median at one connection rises by at most this much.</summary>
    public const double MedianRiseGoalUs = 10;

    /// <summary>The budgets' target: requests per second at the most connections drop by at most this share.</summary>
    public const double ThroughputDropGoal = 0.05;

    public static void AppendMarkdown(StringBuilder md, IReadOnlyList<CellGroup> groups, IReadOnlyList<CellResult> cells)
    {
        var compared = Compared(groups).ToList();
        if (compared.Count == 0)
        {
            return;
        }

        md.AppendLine("### Budgets and a rate limit: without → with").AppendLine();
        md.AppendLine("Same build, same requests; with: " + BudgetSettings.Description + ". p50 of the whole answer, or of a stream's first byte.");
        md.AppendLine();
        md.AppendLine("| scenario | connections | p50 µs | change | every round, with − without | requests/s | change | every round |");
        md.AppendLine("|---|---:|---:|---:|---|---:|---:|---|");
        foreach (var group in compared)
        {
            var (without, with) = (group.Cells[LoadTarget.Tollgate], group.Cells[LoadTarget.Budgets]);
            var rounds = Rounds(cells, group).ToList();
            var latencyRounds = string.Join(" / ", rounds.Select(r => Invariant($"{r.With.Timing.P50 - r.Without.Timing.P50:+0;-0;0}")));
            var rateRounds = string.Join(" / ", rounds.Select(r => Invariant($"{Change(r.Without, r.With):+0.0%;-0.0%;0%}")));
            md.AppendLine(Invariant($"| {group.Label} | {group.Connections} | {without.Timing.P50:0} → {with.Timing.P50:0} | {with.Timing.P50 - without.Timing.P50:+0;-0;0} µs | {latencyRounds} µs | {without.Measurement.RequestsPerSecond:0} → {with.Measurement.RequestsPerSecond:0} | {Change(without, with):+0.0%;-0.0%;0%} | {rateRounds} |"));
        }

        md.AppendLine();
    }

    /// <summary>Rows of the targets table: the median's rise at one connection, the throughput's drop at the most connections.</summary>
    public static void AppendTargets(StringBuilder md, IReadOnlyList<CellGroup> groups)
    {
        foreach (var scenarioGroups in Compared(groups).GroupBy(g => g.Scenario))
        {
            if (scenarioGroups.FirstOrDefault(g => g.Connections == 1) is { } single)
            {
                var (without, with) = (single.Cells[LoadTarget.Tollgate].Timing.P50, single.Cells[LoadTarget.Budgets].Timing.P50);
                md.AppendLine(Invariant($"| budgets + rate limit, {single.Label}, 1 connection: p50 rises ≤ {MedianRiseGoalUs:0} µs | {with - without:+0;-0;0} µs ({without:0} → {with:0}) | {Met(with - without <= MedianRiseGoalUs)} |"));
            }

            var most = scenarioGroups.MaxBy(g => g.Connections)!;
            if (most.Connections > 1)
            {
                var change = Change(most.Cells[LoadTarget.Tollgate], most.Cells[LoadTarget.Budgets]);
                md.AppendLine(Invariant($"| budgets + rate limit, {most.Label}, {most.Connections} connections: throughput drops ≤ {ThroughputDropGoal:P0} | {change:+0.0%;-0.0%;0%} ({most.RequestsPerSecond(LoadTarget.Tollgate):0} → {most.RequestsPerSecond(LoadTarget.Budgets):0}/s) | {Met(change >= -ThroughputDropGoal)} |"));
            }
        }
    }

    public static void WriteJson(Utf8JsonWriter json, IReadOnlyList<CellGroup> groups)
    {
        json.WriteStartArray("budgets");
        foreach (var group in Compared(groups))
        {
            var (without, with) = (group.Cells[LoadTarget.Tollgate], group.Cells[LoadTarget.Budgets]);
            json.WriteStartObject();
            json.WriteString("scenario", group.Scenario);
            json.WriteNumber("connections", group.Connections);
            json.WriteNumber("p50UsWithout", Math.Round(without.Timing.P50, 1));
            json.WriteNumber("p50UsWith", Math.Round(with.Timing.P50, 1));
            json.WriteNumber("p99UsWithout", Math.Round(without.Timing.P99, 1));
            json.WriteNumber("p99UsWith", Math.Round(with.Timing.P99, 1));
            json.WriteNumber("requestsPerSecondWithout", Math.Round(without.Measurement.RequestsPerSecond, 1));
            json.WriteNumber("requestsPerSecondWith", Math.Round(with.Measurement.RequestsPerSecond, 1));
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static IEnumerable<CellGroup> Compared(IReadOnlyList<CellGroup> groups) =>
        groups.Where(g => g.Has(LoadTarget.Tollgate) && g.Has(LoadTarget.Budgets));

    /// <summary>The two gateways' cells of each round of <paramref name="group"/>, in round order.</summary>
    private static IEnumerable<(CellResult Without, CellResult With)> Rounds(IReadOnlyList<CellResult> cells, CellGroup group)
    {
        var ofGroup = cells.Where(c => c.Scenario == group.Scenario && c.Connections == group.Connections).ToList();
        foreach (var without in ofGroup.Where(c => c.Target == LoadTarget.Tollgate).OrderBy(c => c.Round))
        {
            if (ofGroup.FirstOrDefault(c => c.Target == LoadTarget.Budgets && c.Round == without.Round) is { } with)
            {
                yield return (without, with);
            }
        }
    }

    private static double Change(CellResult without, CellResult with) =>
        (with.Measurement.RequestsPerSecond / without.Measurement.RequestsPerSecond) - 1;
}
