namespace Tollgate.LoadBench;

/// <summary>Where a cell sends its requests. Every target but <see cref="Direct"/> forwards to the same simulated provider.</summary>
internal enum LoadTarget
{
    /// <summary>Straight to the simulated provider.</summary>
    Direct,

    /// <summary>Through YARP's bare forwarder (<c>benchmarks/Tollgate.ForwarderFloor</c>): what any .NET proxy hop costs.</summary>
    Floor,

    /// <summary>Through a gateway built from an earlier commit (<c>--before</c>), to compare builds in one run.</summary>
    Before,

    /// <summary>Through Tollgate as built from this tree.</summary>
    Tollgate,

    /// <summary>Through a second gateway of this tree with budgets and a rate limit applying to every request (<c>--budgets</c>, <see cref="BudgetSettings"/>).</summary>
    Budgets,
}
