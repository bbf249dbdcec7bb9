using System.Text;
using static Tollgate.LoadBench.LoadBenchReport;

namespace Tollgate.LoadBench;

/// <summary>
/// The comparisons the report is read for: what each proxy adds over direct calls, each gateway as a multiple of the
/// floor (YARP's bare forwarder), and the gateway before and after, all from medians of the same interleaved rounds.
/// </summary>
internal static class ReportComparisons
{
    /// <summary>The project's goal: a gateway adds at most this multiple of the floor's added latency.</summary>
    public const double FloorLatencyGoal = 1.25;

    /// <summary>The project's goal: a gateway serves at least this share of the floor's requests per second.</summary>
    public const double FloorThroughputGoal = 0.90;

    /// <summary>The response cache's goal: exact hits served per second at 32 connections.</summary>
    public const double HitThroughputGoal = 10_000;

    private static readonly LoadTarget[] Gateways = [LoadTarget.Before, LoadTarget.Tollgate, LoadTarget.Budgets];

    public static void AppendMarkdown(StringBuilder md, IReadOnlyList<CellGroup> groups)
    {
        md.AppendLine("### Added over direct (through − direct)").AppendLine();
        md.AppendLine("| scenario | connections | target | added p50 µs | added p90 µs | added p99 µs | throughput through / direct |");
        md.AppendLine("|---|---:|---|---:|---:|---:|---:|");
        foreach (var group in groups)
        {
            foreach (var target in group.Cells.Keys.Where(t => t != LoadTarget.Direct).Order())
            {
                var added = group.Added(target);
                md.AppendLine(Invariant($"| {group.Label} | {group.Connections} | {target} | {added.P50:0} | {added.P90:0} | {added.P99:0} | {group.RequestsPerSecond(target) / group.RequestsPerSecond(LoadTarget.Direct):P0} |"));
            }
        }

        md.AppendLine();
        // A hit makes no upstream call, so it is read against direct calls (below), not as a multiple of a proxy hop.
        var withFloor = groups.Where(g => g.Has(LoadTarget.Floor) && !g.IsHit).ToList();
        if (withFloor.Count > 0)
        {
            md.AppendLine("### Against the floor (YARP's bare forwarder)").AppendLine();
            md.AppendLine(Invariant($"Goal: added latency ≤ {FloorLatencyGoal:0.00}× the floor's, throughput ≥ {FloorThroughputGoal:P0} of the floor's."));
            md.AppendLine();
            md.AppendLine("| scenario | connections | target | added p50 µs | floor's added p50 µs | × floor | requests/s | floor's requests/s | share of floor's |");
            md.AppendLine("|---|---:|---|---:|---:|---:|---:|---:|---:|");
            foreach (var group in withFloor)
            {
                foreach (var target in Gateways.Where(group.Has))
                {
                    md.AppendLine(Invariant($"| {group.Label} | {group.Connections} | {target} | {group.Added(target).P50:0} | {group.Added(LoadTarget.Floor).P50:0} | {Times(group.AddedP50VersusFloor(target))} | {group.RequestsPerSecond(target):0} | {group.RequestsPerSecond(LoadTarget.Floor):0} | {group.ThroughputVersusFloor(target):P0} |"));
                }
            }

            md.AppendLine();
        }

        var hits = groups.Where(g => g.IsHit && g.Has(LoadTarget.Tollgate)).ToList();
        if (hits.Count > 0)
        {
            md.AppendLine("### Exact hits against direct calls and the floor").AppendLine();
            md.AppendLine("A hit is answered by the gateway from its cache: no call reaches the simulator. Whole answer for non-stream, first byte and whole stream for streams.");
            md.AppendLine();
            md.AppendLine("| scenario | connections | direct p50 µs | floor p50 µs | hit p50 µs | hit / direct | direct req/s | floor req/s | hits/s | hits / direct |");
            md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var group in hits)
            {
                var direct = group.Cells[LoadTarget.Direct];
                var hit = group.Cells[LoadTarget.Tollgate];
                var floor = group.Cells.GetValueOrDefault(LoadTarget.Floor);
                md.AppendLine(Invariant($"| {group.Label} | {group.Connections} | {P50s(direct)} | {(floor is null ? "–" : P50s(floor))} | {P50s(hit)} | {hit.Timing.P50 / direct.Timing.P50:0.00}× | {direct.Measurement.RequestsPerSecond:0} | {(floor is null ? "–" : Invariant($"{floor.Measurement.RequestsPerSecond:0}"))} | {hit.Measurement.RequestsPerSecond:0} | {group.RequestsPerSecond(LoadTarget.Tollgate) / group.RequestsPerSecond(LoadTarget.Direct):P0} |"));
            }

            md.AppendLine();
        }

        var withBefore = groups.Where(g => g.Has(LoadTarget.Before) && g.Has(LoadTarget.Tollgate)).ToList();
        if (withBefore.Count > 0)
        {
            md.AppendLine("### Before → after (the earlier build, then this tree)").AppendLine();
            md.AppendLine("| scenario | connections | added p50 µs | change | added p99 µs | requests/s | change |");
            md.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
            foreach (var group in withBefore)
            {
                var (before, after) = (group.Added(LoadTarget.Before), group.Added(LoadTarget.Tollgate));
                var (beforeRps, afterRps) = (group.RequestsPerSecond(LoadTarget.Before), group.RequestsPerSecond(LoadTarget.Tollgate));
                md.AppendLine(Invariant($"| {group.Label} | {group.Connections} | {before.P50:0} → {after.P50:0} | {after.P50 - before.P50:+0;-0;0} µs | {before.P99:0} → {after.P99:0} | {beforeRps:0} → {afterRps:0} | {(afterRps / beforeRps) - 1:+0%;-0%;0%} |"));
            }

            md.AppendLine();
        }
    }

    /// <summary>Rows of the targets table: latency against the floor at one connection, throughput at the most connections.</summary>
    public static void AppendFloorTargets(StringBuilder md, IReadOnlyList<CellGroup> groups)
    {
        foreach (var scenarioGroups in groups.Where(g => g.Has(LoadTarget.Floor) && g.Has(LoadTarget.Tollgate) && !g.IsHit).GroupBy(g => g.Scenario))
        {
            var single = scenarioGroups.FirstOrDefault(g => g.Connections == 1);
            if (single is not null)
            {
                var ratio = single.AddedP50VersusFloor(LoadTarget.Tollgate);
                md.AppendLine(Invariant($"| {single.Label}, 1 connection: added p50 ≤ {FloorLatencyGoal:0.00}× the floor's | {Times(ratio)} ({single.Added(LoadTarget.Tollgate).P50:0} vs {single.Added(LoadTarget.Floor).P50:0} µs) | {(double.IsNaN(ratio) ? "n/a" : Met(ratio <= FloorLatencyGoal))} |"));
            }

            var most = scenarioGroups.MaxBy(g => g.Connections)!;
            if (most.Connections > 1)
            {
                var share = most.ThroughputVersusFloor(LoadTarget.Tollgate);
                md.AppendLine(Invariant($"| {most.Label}, {most.Connections} connections: throughput ≥ {FloorThroughputGoal:P0} of the floor's | {share:P0} ({most.RequestsPerSecond(LoadTarget.Tollgate):0} vs {most.RequestsPerSecond(LoadTarget.Floor):0}/s) | {Met(share >= FloorThroughputGoal)} |"));
            }
        }
    }

    /// <summary>
    /// Rows of the targets table for exact hits: at one connection a hit's median no slower than a direct call's (a
    /// stream judged on the whole stream, its first byte shown beside it), and at the most connections at least
    /// <see cref="HitThroughputGoal"/> hits per second.
    /// </summary>
    public static void AppendHitTargets(StringBuilder md, IReadOnlyList<CellGroup> groups)
    {
        foreach (var scenarioGroups in groups.Where(g => g.IsHit && g.Has(LoadTarget.Tollgate)).GroupBy(g => g.Scenario))
        {
            if (scenarioGroups.FirstOrDefault(g => g.Connections == 1) is { } single)
            {
                var (hit, direct) = (single.Cells[LoadTarget.Tollgate].Measurement, single.Cells[LoadTarget.Direct].Measurement);
                var firstByte = single.IsStream ? Invariant($"; first byte {hit.FirstByte.P50:0} vs {direct.FirstByte.P50:0} µs") : string.Empty;
                var name = single.IsStream ? "exact hit, stream" : "exact hit";
                md.AppendLine(Invariant($"| {name}, 1 connection: p50 ≤ a direct call's | {hit.Latency.P50:0} vs {direct.Latency.P50:0} µs{firstByte} | {Met(hit.Latency.P50 <= direct.Latency.P50)} |"));
            }

            var most = scenarioGroups.MaxBy(g => g.Connections)!;
            if (most.Connections > 1)
            {
                var rate = most.RequestsPerSecond(LoadTarget.Tollgate);
                var name = most.IsStream ? "exact hits, stream" : "exact hits";
                md.AppendLine(Invariant($"| {name}, {most.Connections} connections: ≥ {HitThroughputGoal:0} per second | {rate:0}/s | {Met(rate >= HitThroughputGoal)} |"));
            }
        }
    }

    private static string P50s(CellResult cell) =>
        cell.IsStream ? Invariant($"{cell.Measurement.FirstByte.P50:0} / {cell.Measurement.Latency.P50:0}") : Invariant($"{cell.Measurement.Latency.P50:0}");

    /// <summary>A multiple such as 1.77×, or n/a when the floor added nothing measurable.</summary>
    public static string Times(double ratio) => double.IsNaN(ratio) ? "n/a" : Invariant($"{ratio:0.00}×");
}
