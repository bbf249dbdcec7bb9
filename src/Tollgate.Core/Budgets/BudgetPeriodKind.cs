namespace Tollgate.Core.Budgets;

/// <summary>How long a budget's spend counts before it starts again.</summary>
public enum BudgetPeriodKind
{
    /// <summary>Each request on its own: the limit caps what one request may cost.</summary>
    Request,

    /// <summary>A calendar hour.</summary>
    Hour,

    /// <summary>A calendar day, from midnight in the budget's time zone.</summary>
    Day,

    /// <summary>A calendar week, from Monday midnight in the budget's time zone.</summary>
    Week,

    /// <summary>A calendar month, from midnight of its first day in the budget's time zone.</summary>
    Month,

    /// <summary>A window of a fixed length ending now (the last 24 hours, say).</summary>
    Rolling,

    /// <summary>Never: a prepaid credit, spent once, that only a top-up raises.</summary>
    None,
}
