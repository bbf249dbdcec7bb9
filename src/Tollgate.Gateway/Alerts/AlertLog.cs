using Microsoft.Extensions.Logging;
using Tollgate.Core.Alerts;

namespace Tollgate.Gateway.Alerts;

/// <summary>
/// The log events of alerts (category <c>Tollgate.Alerts</c>): one per alert raised, at a level from its severity, and
/// one per webhook delivery that failed or was interrupted. A webhook is named by its name, never by its URL or secret.
/// </summary>
internal static partial class AlertLog
{
    public const string Category = "Tollgate.Alerts";

    public static void Raised(ILogger logger, Alert alert)
    {
        var level = alert.Severity switch
        {
            AlertSeverity.Critical => LogLevel.Error,
            AlertSeverity.Warning => LogLevel.Warning,
            _ => LogLevel.Information,
        };
        LogRaised(logger, level, alert.Kind, alert.Id, AlertResponse.SeverityName(alert.Severity), alert.Subject?.Id, alert.Subject?.Scope, alert.ThresholdFraction, alert.Message);
    }

    [LoggerMessage(EventId = 170, Message = "Alert {Kind} {AlertId} ({Severity}; subject {SubjectId}, scope {SubjectScope}, threshold {ThresholdFraction}): {Message}")]
    private static partial void LogRaised(ILogger logger, LogLevel level, string kind, string alertId, string severity, string? subjectId, string? subjectScope, decimal? thresholdFraction, string message);

    [LoggerMessage(EventId = 171, Level = LogLevel.Debug, Message = "Alert {AlertId} was raised before (dedupe key {DedupeKey}); not raised again.")]
    public static partial void AlreadyRaised(ILogger logger, string alertId, string? dedupeKey);

    [LoggerMessage(EventId = 173, Level = LogLevel.Information, Message = "Alert {AlertId} delivered to webhook {Webhook} after {Attempts} attempts.")]
    public static partial void Delivered(ILogger logger, string alertId, string webhook, int attempts);

    [LoggerMessage(EventId = 174, Level = LogLevel.Warning, Message = "Alert {AlertId} could not be delivered to webhook {Webhook} after {Attempts} attempts: {LastError}")]
    public static partial void DeliveryFailed(ILogger logger, string alertId, string webhook, int attempts, string? lastError);

    [LoggerMessage(EventId = 175, Level = LogLevel.Warning, Message = "Alert {AlertId}: delivery to webhook {Webhook} interrupted by the stop after {Attempts} attempts; it is tried again at the next start.")]
    public static partial void DeliveryInterrupted(ILogger logger, string alertId, string webhook, int attempts);

    [LoggerMessage(EventId = 176, Level = LogLevel.Error, Message = "Alert {AlertId} could not be stored; its webhooks are sent without a record of their delivery.")]
    public static partial void StoreFailed(ILogger logger, string alertId, Exception exception);

    [LoggerMessage(EventId = 177, Level = LogLevel.Error, Message = "The delivery state of alert {AlertId} to webhook {Webhook} could not be recorded.")]
    public static partial void RecordFailed(ILogger logger, string alertId, string webhook, Exception exception);

    [LoggerMessage(EventId = 178, Level = LogLevel.Information, Message = "Resuming {Count} alert deliveries interrupted when Tollgate last stopped.")]
    public static partial void Resuming(ILogger logger, int count);

    [LoggerMessage(EventId = 179, Level = LogLevel.Error, Message = "The alert deliveries interrupted when Tollgate last stopped could not be read; they stay pending.")]
    public static partial void ResumeFailed(ILogger logger, Exception exception);
}
