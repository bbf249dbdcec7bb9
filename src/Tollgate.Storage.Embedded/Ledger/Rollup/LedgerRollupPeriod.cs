namespace Tollgate.Storage.Embedded.Ledger.Rollup;

/// <summary>
/// A period of a report split for the hourly rollup: the whole hours [<see cref="FirstHour"/>, <see cref="EndHour"/>)
/// read from the rollup, and the part hours at its edges, [<see cref="From"/>, <see cref="FirstHour"/>) and
/// [<see cref="EndHour"/>, <see cref="To"/>), read from the rows. Hours are UTC, as the rollup's are.
/// </summary>
/// <param name="From">The first arrival time counted; null for the whole ledger.</param>
/// <param name="FirstHour">The first whole hour; null when the period has no lower bound.</param>
/// <param name="EndHour">The end of the last whole hour.</param>
/// <param name="To">The end of the period, not included.</param>
internal readonly record struct LedgerRollupPeriod(DateTimeOffset? From, DateTimeOffset? FirstHour, DateTimeOffset EndHour, DateTimeOffset To)
{
    /// <summary>The period split, or null when it holds no whole hour (its rows are few: read them all).</summary>
    public static LedgerRollupPeriod? Split(DateTimeOffset? from, DateTimeOffset to)
    {
        var endHour = Floor(to);
        if (from is not { } since)
        {
            return new LedgerRollupPeriod(null, null, endHour, to);
        }

        if (since >= to || since.UtcTicks > DateTimeOffset.MaxValue.UtcTicks - TimeSpan.TicksPerHour)
        {
            return null;
        }

        var firstHour = Floor(since);
        if (firstHour < since)
        {
            firstHour = firstHour.AddHours(1);
        }

        return firstHour < endHour ? new LedgerRollupPeriod(since, firstHour, endHour, to) : null;
    }

    /// <summary>The first whole hour as the rollup names it; empty (before every hour) when unbounded.</summary>
    public string FirstHourText => FirstHour is { } first ? LedgerRollupRow.Hour(first) : string.Empty;

    /// <summary>The end of the whole hours as the rollup names the hour it starts.</summary>
    public string EndHourText => LedgerRollupRow.Hour(EndHour);

    /// <summary>The part hours at the edges, each [since, until), read from the rows; none, one or two.</summary>
    public IEnumerable<(DateTimeOffset Since, DateTimeOffset Until)> Edges()
    {
        if (From is { } from && FirstHour is { } first && from < first)
        {
            yield return (from, first);
        }

        if (EndHour < To)
        {
            yield return (EndHour, To);
        }
    }

    private static DateTimeOffset Floor(DateTimeOffset instant) =>
        new(instant.UtcTicks - (instant.UtcTicks % TimeSpan.TicksPerHour), TimeSpan.Zero);
}
