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

    /// <summary>Gateway user+system CPU time during the cell divided by the requests completed, in microseconds.</summary>
    public required double GatewayCpuPerRequestUs { get; init; }

    /// <summary>The simulator's CPU time per request, in microseconds (the upstream's share of the cores).</summary>
    public required double SimulatorCpuPerRequestUs { get; init; }

    /// <summary>How busy all cores of the machine were during the cell, in percent.</summary>
    public required double MachineBusyPercent { get; init; }
}
