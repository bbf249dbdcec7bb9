namespace Tollgate.LoadBench;

/// <summary>
/// The median cells of one scenario at one number of connections, one per target, and what the report reads off
/// them: the latency each proxy adds over direct calls, as such and as a multiple of the floor's.
/// </summary>
internal sealed record CellGroup(string Scenario, int Connections, IReadOnlyDictionary<LoadTarget, CellResult> Cells)
{
    public bool IsStream => LoadScenarios.IsStream(Scenario);

    public bool IsHit => LoadScenarios.IsHit(Scenario);

    public string Label => LoadScenarios.Label(Scenario);

    public bool Has(LoadTarget target) => Cells.ContainsKey(target);

    /// <summary>Percentiles of <paramref name="target"/> minus those of direct calls, in microseconds.</summary>
    public (double P50, double P90, double P99) Added(LoadTarget target)
    {
        var through = Cells[target].Timing;
        var direct = Cells[LoadTarget.Direct].Timing;
        return (through.P50 - direct.P50, through.P90 - direct.P90, through.P99 - direct.P99);
    }

    public double RequestsPerSecond(LoadTarget target) => Cells[target].Measurement.RequestsPerSecond;

    /// <summary>The added p50 of <paramref name="target"/> over the floor's; NaN when the floor added nothing measurable.</summary>
    public double AddedP50VersusFloor(LoadTarget target)
    {
        var floor = Added(LoadTarget.Floor).P50;
        return floor > 0 ? Added(target).P50 / floor : double.NaN;
    }

    /// <summary>Requests per second through <paramref name="target"/> over the floor's.</summary>
    public double ThroughputVersusFloor(LoadTarget target) => RequestsPerSecond(target) / RequestsPerSecond(LoadTarget.Floor);

    /// <summary>Every group of <paramref name="cells"/>, by scenario (as first measured) then connections, medians of rounds.</summary>
    public static IReadOnlyList<CellGroup> From(IEnumerable<CellResult> cells)
    {
        var list = cells.ToList();
        var groups = new List<CellGroup>();
        foreach (var scenario in list.Select(c => c.Scenario).Distinct())
        {
            foreach (var byConnections in list.Where(c => c.Scenario == scenario).GroupBy(c => c.Connections).OrderBy(g => g.Key))
            {
                var medians = byConnections.GroupBy(c => c.Target).ToDictionary(g => g.Key, g => Median(g.ToList()));
                if (medians.ContainsKey(LoadTarget.Direct))
                {
                    groups.Add(new CellGroup(scenario, byConnections.Key, medians));
                }
            }
        }

        return groups;
    }

    /// <summary>One cell from several rounds of it: the median of each metric.</summary>
    public static CellResult Median(IReadOnlyList<CellResult> rounds)
    {
        if (rounds.Count == 1)
        {
            return rounds[0];
        }

        var m = rounds.Select(c => c.Measurement).ToList();
        var elapsed = TimeSpan.FromSeconds(Med(m, x => x.Elapsed.TotalSeconds));
        var measurement = new LoadMeasurement(
            (long)Math.Round(Med(m, x => x.RequestsPerSecond) * elapsed.TotalSeconds),
            (long)Med(m, x => x.Errors),
            elapsed,
            MedianStats(m.Select(x => x.Latency).ToList()),
            MedianStats(m.Select(x => x.FirstByte).ToList()));
        return rounds[0] with
        {
            Round = 0,
            Measurement = measurement,
            GatewayCpuPerRequestUs = Med(rounds, c => c.GatewayCpuPerRequestUs),
            ProxyCpuPerRequestUs = rounds[0].ProxyCpuPerRequestUs is null ? null : Med(rounds, c => c.ProxyCpuPerRequestUs ?? 0),
            SimulatorCpuPerRequestUs = Med(rounds, c => c.SimulatorCpuPerRequestUs),
            MachineBusyPercent = Med(rounds, c => c.MachineBusyPercent),
        };
    }

    public static double Med<T>(IEnumerable<T> items, Func<T, double> value)
    {
        var sorted = items.Select(value).OrderBy(v => v).ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static LatencyStats MedianStats(List<LatencyStats> stats) => stats[0].Count == 0
        ? LatencyStats.Empty
        : new LatencyStats((long)Med(stats, s => s.Count), Med(stats, s => s.P50), Med(stats, s => s.P90), Med(stats, s => s.P99), Med(stats, s => s.Max), Med(stats, s => s.Mean));
}
