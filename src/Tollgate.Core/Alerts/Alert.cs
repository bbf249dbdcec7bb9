namespace Tollgate.Core.Alerts;

/// <summary>
/// Something operators should know about, raised once (<see cref="DedupeKey"/>) and then logged, sent to the configured
/// webhooks and listed on <c>GET /admin/alerts</c>. Build budget alerts with <see cref="BudgetAlerts"/>.
/// </summary>
/// <param name="Id">Unique id (<c>alert_…</c>); receivers of a webhook use it to drop a repeated delivery.</param>
/// <param name="CreatedAt">When it was raised.</param>
/// <param name="Kind">What happened, as a stable name (<see cref="AlertKinds"/>); webhooks may filter on it.</param>
/// <param name="Severity">How urgent it is.</param>
/// <param name="Message">One sentence a person reads, naming the subject and the figures.</param>
/// <param name="Subject">What it is about (a budget: its id, name and scope); null when about the gateway as a whole.</param>
/// <param name="ThresholdFraction">The fraction of the limit crossed (0.8 for 80%); null when no threshold applies.</param>
/// <param name="SpentUsd">What was spent in the period when it was raised.</param>
/// <param name="LimitUsd">The limit the spend is measured against.</param>
/// <param name="PeriodStart">Start of the budget period the spend belongs to.</param>
/// <param name="PeriodEnd">End (reset) of that period.</param>
/// <param name="DedupeKey">
/// Alerts sharing a key are raised once, also across restarts (one threshold of one budget in one period); null: never
/// deduplicated.
/// </param>
/// <param name="Details">More facts, by name, for what the fixed fields do not cover.</param>
public sealed record Alert(
    string Id,
    DateTimeOffset CreatedAt,
    string Kind,
    AlertSeverity Severity,
    string Message,
    AlertSubject? Subject = null,
    decimal? ThresholdFraction = null,
    decimal? SpentUsd = null,
    decimal? LimitUsd = null,
    DateTimeOffset? PeriodStart = null,
    DateTimeOffset? PeriodEnd = null,
    string? DedupeKey = null,
    IReadOnlyDictionary<string, string>? Details = null)
{
    /// <summary>A new alert id: <c>alert_</c> and 32 hex digits.</summary>
    public static string NewId() => "alert_" + Guid.NewGuid().ToString("N");

    /// <summary>An alert of <paramref name="kind"/> raised now, with a new id; the other fields through <c>with</c>.</summary>
    public static Alert Create(string kind, AlertSeverity severity, string message, DateTimeOffset now) => new(NewId(), now, kind, severity, message);

    /// <summary>Whether it holds what every alert needs; the store refuses one without.</summary>
    /// <exception cref="ArgumentException">The id, kind or message is empty.</exception>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(Id, nameof(Id));
        ArgumentException.ThrowIfNullOrEmpty(Kind, nameof(Kind));
        ArgumentException.ThrowIfNullOrEmpty(Message, nameof(Message));
        if (DedupeKey is { Length: 0 })
        {
            throw new ArgumentException("A dedupe key is null or not empty.", nameof(DedupeKey));
        }
    }
}
