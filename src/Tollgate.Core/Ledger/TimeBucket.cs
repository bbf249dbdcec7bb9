namespace Tollgate.Core.Ledger;

/// <summary>The width of the time buckets of a <see cref="SpendTimeline"/>, in UTC.</summary>
public enum TimeBucket
{
    /// <summary>One bucket per UTC hour.</summary>
    Hour,

    /// <summary>One bucket per UTC day.</summary>
    Day,
}
