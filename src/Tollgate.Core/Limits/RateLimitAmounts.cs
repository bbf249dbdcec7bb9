namespace Tollgate.Core.Limits;

/// <summary>The amounts a request counts: dollars as whole micro-dollars, the unit stores count in.</summary>
public static class RateLimitAmounts
{
    /// <summary>Micro-dollars per US dollar.</summary>
    public const decimal MicrosPerUsd = 1_000_000m;

    /// <summary>The largest dollar amount counted (a trillion dollars), so micro-dollars always fit a <see cref="long"/>.</summary>
    public const decimal MaxUsd = 1_000_000_000_000m;

    /// <summary><paramref name="usd"/> in micro-dollars, rounded up (a cost is never counted as less than it is); 0 for none.</summary>
    public static long Micros(decimal usd) => usd <= 0 ? 0 : (long)decimal.Ceiling(Math.Min(usd, MaxUsd) * MicrosPerUsd);

    /// <summary>A micro-dollar amount as dollars.</summary>
    public static decimal Usd(long micros) => micros / MicrosPerUsd;
}
