namespace Tollgate.LoadBench;

/// <summary>
/// Where Tollgate's time goes in one scenario at one connection: the gateway's own phase durations (read with
/// <c>dotnet-counters</c> while the load ran), beside the client's view of the same calls and of direct calls.
/// </summary>
internal sealed record PhaseBreakdown
{
    /// <summary>The gateway's phases, in the order a request goes through them (names of the Tollgate.Gateway meter).</summary>
    public static readonly IReadOnlyList<string> PhaseOrder = ["body_read", "parse", "pipeline", "upstream", "relay", "ledger_commit", "total"];

    public required string Scenario { get; init; }

    /// <summary>The gateway measured: <see cref="LoadTarget.Tollgate"/>, or the one with budgets.</summary>
    public LoadTarget Target { get; init; } = LoadTarget.Tollgate;

    /// <summary>Direct calls to the simulator just before: the upstream's own time as a client sees it.</summary>
    public required CellResult Direct { get; init; }

    /// <summary>Calls through the gateway (<see cref="Target"/>) while the phases were being recorded.</summary>
    public required CellResult Tollgate { get; init; }

    /// <summary>Per phase, the median over one-second intervals of each interval's p50 and p95.</summary>
    public required IReadOnlyDictionary<string, PhaseTiming> Phases { get; init; }

    /// <summary>Why <see cref="Phases"/> is empty, when it is.</summary>
    public string? Problem { get; init; }

    public bool IsStream => LoadScenarios.IsStream(Scenario);
}
