namespace Tollgate.LoadBench;

/// <summary>One measured cell: a scenario, a target and a number of connections, in one round.</summary>
internal sealed record CellResult
{
    public required string Scenario { get; init; }

    public required LoadTarget Target { get; init; }

    public required int Connections { get; init; }

    public required int Round { get; init; }

    public required string Client { get; init; }

    public required LoadMeasurement Measurement { get; init; }

    /// <summary>
    /// The Tollgate gateway's user+system CPU time during the cell divided by the requests completed, in microseconds
    /// (what it spends idle when the cell goes elsewhere).
    /// </summary>
    public required double GatewayCpuPerRequestUs { get; init; }

    /// <summary>The same for the process the target goes through (floor, before or Tollgate); null for direct calls.</summary>
    public required double? ProxyCpuPerRequestUs { get; init; }

    /// <summary>The simulator's CPU time per request, in microseconds (the upstream's share of the cores).</summary>
    public required double SimulatorCpuPerRequestUs { get; init; }

    /// <summary>How busy all cores of the machine were during the cell, in percent.</summary>
    public required double MachineBusyPercent { get; init; }

    public bool IsStream => LoadScenarios.IsStream(Scenario);

    /// <summary>The latency the comparisons use: the first byte of a stream, the whole answer otherwise.</summary>
    public LatencyStats Timing => IsStream ? Measurement.FirstByte : Measurement.Latency;
}
