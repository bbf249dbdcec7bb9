namespace Tollgate.LoadBench;

/// <summary>Where a cell sends its requests.</summary>
internal enum LoadTarget
{
    /// <summary>Straight to the simulated provider.</summary>
    Direct,

    /// <summary>Through Tollgate, which forwards to the same simulated provider.</summary>
    Tollgate,
}
