using System.Globalization;

namespace Tollgate.Core.Alerts;

/// <summary>
/// The alerts the budgets raise, each with the dedupe key that makes it once per budget, threshold and period, so the
/// budget engine raises one with one call: <c>publisher.Publish(BudgetAlerts.ThresholdCrossed(…))</c>.
/// </summary>
public static class BudgetAlerts
{
    /// <summary>A budget's spend in a period crossed <paramref name="fraction"/> of its limit.</summary>
    /// <param name="subject">The budget: its id (part of the dedupe key), name and scope.</param>
    /// <param name="fraction">The warning fraction crossed, e.g. 0.8; at 1 or more the alert is critical.</param>
    /// <param name="spentUsd">The spend that crossed it.</param>
    /// <param name="limitUsd">The budget's limit for the period; null for a budget that limits tokens only.</param>
    /// <param name="periodStart">Start of the period (part of the dedupe key).</param>
    /// <param name="periodEnd">When the period ends and the budget resets; null when it never does (a prepaid credit, a rolling window).</param>
    /// <param name="now">When it was crossed.</param>
    /// <param name="spentTokens">The tokens spent, for a budget that limits tokens.</param>
    /// <param name="limitTokens">The budget's token limit, if it has one.</param>
    public static Alert ThresholdCrossed(AlertSubject subject, decimal fraction, decimal spentUsd, decimal? limitUsd, DateTimeOffset periodStart, DateTimeOffset? periodEnd, DateTimeOffset now, long? spentTokens = null, long? limitTokens = null)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentException.ThrowIfNullOrEmpty(subject.Id, nameof(subject));
        var severity = fraction >= 1 ? AlertSeverity.Critical : fraction >= 0.8m ? AlertSeverity.Warning : AlertSeverity.Info;
        var spent = limitUsd is { } usd
            ? string.Create(CultureInfo.InvariantCulture, $"${spentUsd:0.######} of ${usd:0.######}")
            : string.Create(CultureInfo.InvariantCulture, $"{spentTokens ?? 0} of {limitTokens ?? 0} tokens");
        var period = periodEnd is { } end ? string.Create(CultureInfo.InvariantCulture, $" in the period ending {end.UtcDateTime:yyyy-MM-dd HH:mm} UTC") : string.Empty;
        var message = $"Budget '{subject.Name ?? subject.Id}'{ScopeText(subject)} reached {Percent(fraction)} of its limit: {spent} spent{period}.";
        return Alert.Create(AlertKinds.BudgetThreshold, severity, message, now) with
        {
            Details = limitTokens is { } tokens
                ? new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["spent_tokens"] = (spentTokens ?? 0).ToString(CultureInfo.InvariantCulture),
                    ["limit_tokens"] = tokens.ToString(CultureInfo.InvariantCulture),
                }
                : null,
            Subject = subject,
            ThresholdFraction = fraction,
            SpentUsd = spentUsd,
            LimitUsd = limitUsd,
            PeriodStart = periodStart,
            PeriodEnd = periodEnd,
            DedupeKey = string.Create(CultureInfo.InvariantCulture, $"{AlertKinds.BudgetThreshold}:{subject.Id}:{periodStart.UtcDateTime:O}:{fraction:0.############}"),
        };
    }

    /// <summary>
    /// A unit budget (the most one request or job may cost) was exceeded: <paramref name="spentUsd"/> against
    /// <paramref name="limitUsd"/>. Raised once per budget and <paramref name="unitId"/> (the request id).
    /// </summary>
    public static Alert UnitExceeded(AlertSubject subject, string unitId, decimal spentUsd, decimal limitUsd, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentException.ThrowIfNullOrEmpty(subject.Id, nameof(subject));
        ArgumentException.ThrowIfNullOrEmpty(unitId);
        var over = limitUsd > 0 ? spentUsd / limitUsd - 1 : 0;
        var message = string.Create(
            CultureInfo.InvariantCulture,
            $"Budget '{subject.Name ?? subject.Id}'{ScopeText(subject)} was exceeded by {Percent(over)} on {unitId}: ${spentUsd:0.######} against a limit of ${limitUsd:0.######}.");
        return Alert.Create(AlertKinds.BudgetUnitExceeded, AlertSeverity.Warning, message, now) with
        {
            Subject = subject,
            ThresholdFraction = limitUsd > 0 ? spentUsd / limitUsd : null,
            SpentUsd = spentUsd,
            LimitUsd = limitUsd,
            DedupeKey = $"{AlertKinds.BudgetUnitExceeded}:{subject.Id}:{unitId}",
            Details = new Dictionary<string, string>(StringComparer.Ordinal) { ["unit"] = unitId },
        };
    }

    private static string ScopeText(AlertSubject subject) => subject.Scope is { Length: > 0 } scope ? $" ({scope})" : string.Empty;

    private static string Percent(decimal fraction) => (fraction * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";
}
