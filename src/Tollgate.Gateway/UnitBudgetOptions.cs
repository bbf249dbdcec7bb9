namespace Tollgate.Gateway;

/// <summary>
/// A feature's unit budget (<c>Tollgate:Features:NAME:UnitBudget</c>): the average a call of the feature should cost,
/// in US dollars per 1,000 calls, over a calendar period. It warns (one <c>budget_unit_exceeded</c> alert per period
/// when the average passes the target by more than 20%) and never refuses. Read per settled call: an edit of the
/// <c>--config</c> file applies to the next one.
/// </summary>
public sealed class UnitBudgetOptions
{
    /// <summary>The target average, in US dollars per 1,000 calls (above 0).</summary>
    public decimal? UsdPer1000Calls { get; set; }

    /// <summary>The calendar period the average is taken over, in UTC: <c>hour</c>, <c>day</c>, <c>week</c> or <c>month</c> (the default).</summary>
    public string? Period { get; set; }

    /// <summary>How many calls a period needs before its average can raise the alert (default 20), so its first calls do not.</summary>
    public int? MinCalls { get; set; }
}
