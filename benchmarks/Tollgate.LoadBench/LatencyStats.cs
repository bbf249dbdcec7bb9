namespace Tollgate.LoadBench;

/// <summary>Percentiles of one set of latencies, in microseconds.</summary>
internal sealed record LatencyStats(long Count, double P50, double P90, double P99, double Max, double Mean)
{
    public static readonly LatencyStats Empty = new(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);

    /// <summary>Sorts the samples (microseconds) in place and reads the percentiles off them (nearest rank).</summary>
    public static LatencyStats From(double[] microseconds)
    {
        if (microseconds.Length == 0)
        {
            return Empty;
        }

        Array.Sort(microseconds);
        var sum = 0.0;
        foreach (var value in microseconds)
        {
            sum += value;
        }

        return new LatencyStats(
            microseconds.Length,
            Percentile(microseconds, 50),
            Percentile(microseconds, 90),
            Percentile(microseconds, 99),
            microseconds[^1],
            sum / microseconds.Length);
    }

    private static double Percentile(double[] sorted, double percent)
    {
        var rank = (int)Math.Ceiling(percent / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
