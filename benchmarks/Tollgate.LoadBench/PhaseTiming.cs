namespace Tollgate.LoadBench;

/// <summary>One phase's duration in microseconds, and how many one-second intervals it was read from.</summary>
internal sealed record PhaseTiming(double P50Us, double P95Us, int Intervals);
