namespace Tollgate.Core.Limits;

/// <summary>
/// The generic cell rate algorithm, the arithmetic every <see cref="IRateLimitStore"/> applies to its buckets. A bucket's
/// whole state is one instant, its theoretical arrival time (TAT): each unit taken moves it on by the emission interval
/// (a minute divided by the per-minute amount), and an amount is taken when the TAT it leads to is no further ahead of
/// now than the burst's worth of intervals. A TAT in the past is an allowance at rest, full, so a bucket idle that long
/// can be forgotten. Times are <see cref="DateTimeOffset.UtcTicks"/>.
/// </summary>
public static class Gcra
{
    /// <summary>How far the TAT moves for <paramref name="amount"/> units (at least 0) of a bucket refilled <paramref name="perMinute"/> a minute.</summary>
    public static long Interval(long amount, long perMinute)
    {
        if (amount <= 0)
        {
            return 0;
        }

        // Rounded up, so many small amounts never add up to less than their sum; Int128 keeps large amounts exact.
        var ticks = (((Int128)amount * TimeSpan.TicksPerMinute) + perMinute - 1) / perMinute;
        return ticks > long.MaxValue / 4 ? long.MaxValue / 4 : (long)ticks;
    }

    /// <summary>How far ahead of now the TAT may be after a take: the burst's worth of intervals (a minute when the burst is the per-minute amount).</summary>
    public static long Window(long burst, long perMinute) => Interval(burst, perMinute);

    /// <summary>
    /// Takes <paramref name="amount"/> from a bucket whose TAT is <paramref name="tat"/>: true with the new TAT, or false
    /// with how long until it could be taken (<see cref="TimeSpan.MaxValue"/> when the amount is more than the burst).
    /// An amount of 0 is always taken.
    /// </summary>
    public static bool TryTake(long tat, long now, RateLimitBucket bucket, long amount, out long newTat, out TimeSpan wait)
    {
        newTat = tat;
        wait = TimeSpan.Zero;
        if (amount <= 0)
        {
            return true;
        }

        if (amount > bucket.Burst)
        {
            wait = TimeSpan.MaxValue;
            return false;
        }

        var next = Math.Max(tat, now) + Interval(amount, bucket.PerMinute);
        var ahead = next - now - Window(bucket.Burst, bucket.PerMinute);
        if (ahead > 0)
        {
            wait = TimeSpan.FromTicks(ahead);
            return false;
        }

        newTat = next;
        return true;
    }

    /// <summary>
    /// The TAT after correcting a take by <paramref name="amount"/>: more units move it on from no earlier than now; units
    /// given back move it back, never before now (an allowance is never fuller than full).
    /// </summary>
    public static long Correct(long tat, long now, RateLimitBucket bucket, long amount) =>
        amount switch
        {
            > 0 => Math.Max(tat, now) + Interval(amount, bucket.PerMinute),
            < 0 when tat > now => Math.Max(now, tat - Interval(amount == long.MinValue ? long.MaxValue : -amount, bucket.PerMinute)),
            _ => tat,
        };
}
