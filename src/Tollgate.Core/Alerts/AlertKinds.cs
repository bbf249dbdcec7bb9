namespace Tollgate.Core.Alerts;

/// <summary>The kinds of alert Tollgate raises; webhooks filter on these names.</summary>
public static class AlertKinds
{
    /// <summary>A budget's spend crossed one of its warning fractions (50%, 80%, 100% by default).</summary>
    public const string BudgetThreshold = "budget_threshold";

    /// <summary>A feature's average cost per call passed its unit budget (US dollars per 1,000 calls) by more than 20% in a period.</summary>
    public const string BudgetUnitExceeded = "budget_unit_exceeded";

    /// <summary>Raised on request by an operator checking the webhooks (<c>POST /admin/alerts/test</c>).</summary>
    public const string Test = "test";
}
