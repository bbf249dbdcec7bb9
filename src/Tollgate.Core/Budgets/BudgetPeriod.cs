namespace Tollgate.Core.Budgets;

/// <summary>
/// How long a budget's spend counts: a calendar hour, day, week (from Monday) or month in <see cref="TimeZone"/>, a
/// rolling window of <see cref="RollingWindow"/>, each request alone, or never (a prepaid credit).
/// </summary>
/// <param name="Kind">The kind of period.</param>
/// <param name="RollingWindow">The window's length for <see cref="BudgetPeriodKind.Rolling"/>; ignored otherwise.</param>
/// <param name="TimeZone">The time zone whose calendar the hours, days, weeks and months follow; UTC when null.</param>
public sealed record BudgetPeriod(BudgetPeriodKind Kind, TimeSpan RollingWindow = default, TimeZoneInfo? TimeZone = null)
{
    /// <summary>A prepaid credit: spend never starts again.</summary>
    public static BudgetPeriod None { get; } = new(BudgetPeriodKind.None);

    /// <summary>Whether spend accumulates across requests (every period but <see cref="BudgetPeriodKind.Request"/>).</summary>
    public bool Accumulates => Kind != BudgetPeriodKind.Request;

    /// <summary>
    /// The window that counts at <paramref name="now"/>: since when spend counts, and when it starts again (null when it
    /// never does, or, for a rolling window, moves with every instant).
    /// </summary>
    public BudgetWindow WindowAt(DateTimeOffset now)
    {
        switch (Kind)
        {
            case BudgetPeriodKind.Rolling:
                return new BudgetWindow(now - RollingWindow, null);
            case BudgetPeriodKind.None:
            case BudgetPeriodKind.Request:
                return new BudgetWindow(DateTimeOffset.MinValue, null);
        }

        var zone = TimeZone ?? TimeZoneInfo.Utc;
        var local = TimeZoneInfo.ConvertTime(now, zone).DateTime;
        DateTime start;
        DateTime next;
        switch (Kind)
        {
            case BudgetPeriodKind.Hour:
                start = new DateTime(local.Year, local.Month, local.Day, local.Hour, 0, 0, DateTimeKind.Unspecified);
                next = start.AddHours(1);
                break;
            case BudgetPeriodKind.Day:
                start = local.Date;
                next = start.AddDays(1);
                break;
            case BudgetPeriodKind.Week:
                // ISO weeks start on Monday.
                start = local.Date.AddDays(-(((int)local.DayOfWeek + 6) % 7));
                next = start.AddDays(7);
                break;
            default:
                start = new DateTime(local.Year, local.Month, 1, 0, 0, 0, DateTimeKind.Unspecified);
                next = start.AddMonths(1);
                break;
        }

        return new BudgetWindow(At(start, zone), At(next, zone));
    }

    /// <summary>The instant a local calendar time names in <paramref name="zone"/>; a time a clock change skipped is taken as the first valid one after it.</summary>
    private static DateTimeOffset At(DateTime local, TimeZoneInfo zone)
    {
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(15);
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    /// <summary><c>request</c>, <c>hour</c>, <c>day</c>, <c>week</c>, <c>month</c>, <c>rolling</c> or <c>none</c>.</summary>
    public string Name => Kind.ToString().ToLowerInvariant();
}
