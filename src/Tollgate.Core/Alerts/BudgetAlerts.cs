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
    /// A unit budget's average cost per call passed its target by more than the allowance (<see cref="Budgets.UnitBudget.AlertAbove"/>):
    /// <paramref name="calls"/> calls cost <paramref name="spentUsd"/> in the period that started at
    /// <paramref name="periodStart"/>. Raised once per unit budget and period.
    /// </summary>
    /// <param name="subject">The unit budget: its id (part of the dedupe key), name and scope.</param>
    /// <param name="calls">The calls of the period so far.</param>
    /// <param name="spentUsd">What they cost together.</param>
    /// <param name="targetUsdPer1000Calls">The target average, in US dollars per 1,000 calls.</param>
    /// <param name="periodStart">Start of the period (part of the dedupe key).</param>
    /// <param name="periodEnd">When the period ends and the average starts again.</param>
    /// <param name="now">When it was passed.</param>
    public static Alert UnitExceeded(AlertSubject subject, long calls, decimal spentUsd, decimal targetUsdPer1000Calls, DateTimeOffset periodStart, DateTimeOffset? periodEnd, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentException.ThrowIfNullOrEmpty(subject.Id, nameof(subject));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(calls);
        var average = spentUsd * 1000m / calls;

        // The spend the target allows for these calls: the alert's spend measured against it gives the same fraction.
        var allowed = targetUsdPer1000Calls * calls / 1000m;
        var over = targetUsdPer1000Calls > 0 ? average / targetUsdPer1000Calls - 1 : 0;
        var period = periodEnd is { } end ? string.Create(CultureInfo.InvariantCulture, $" in the period ending {end.UtcDateTime:yyyy-MM-dd HH:mm} UTC") : string.Empty;
        var message = string.Create(
            CultureInfo.InvariantCulture,
            $"Unit budget '{subject.Name ?? subject.Id}'{ScopeText(subject)} was exceeded by {Percent(over)}: ${average:0.######} per 1,000 calls against a target of ${targetUsdPer1000Calls:0.######} ({calls} calls, ${spentUsd:0.######} spent{period}).");
        return Alert.Create(AlertKinds.BudgetUnitExceeded, AlertSeverity.Warning, message, now) with
        {
            Subject = subject,
            ThresholdFraction = targetUsdPer1000Calls > 0 ? average / targetUsdPer1000Calls : null,
            SpentUsd = spentUsd,
            LimitUsd = allowed,
            PeriodStart = periodStart,
            PeriodEnd = periodEnd,
            DedupeKey = string.Create(CultureInfo.InvariantCulture, $"{AlertKinds.BudgetUnitExceeded}:{subject.Id}:{periodStart.UtcDateTime:O}"),
            Details = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["calls"] = calls.ToString(CultureInfo.InvariantCulture),
                ["usd_per_1000_calls"] = average.ToString("0.######", CultureInfo.InvariantCulture),
                ["target_usd_per_1000_calls"] = targetUsdPer1000Calls.ToString(CultureInfo.InvariantCulture),
            },
        };
    }

    private static string ScopeText(AlertSubject subject) => subject.Scope is { Length: > 0 } scope ? $" ({scope})" : string.Empty;

    private static string Percent(decimal fraction) => (fraction * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";
}
