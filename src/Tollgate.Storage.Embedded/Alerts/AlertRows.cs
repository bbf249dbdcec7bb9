using System.Text.Json;
using Microsoft.Data.Sqlite;
using Tollgate.Core.Alerts;
using Tollgate.Storage.Embedded.Sqlite;

namespace Tollgate.Storage.Embedded.Alerts;

/// <summary>How an alert and its deliveries map to the columns of <c>alerts</c> and <c>alert_deliveries</c>.</summary>
internal static class AlertRows
{
    public const string AlertColumns =
        "id, created_at, kind, severity, message, subject_id, subject_name, subject_scope, threshold_fraction, spent_usd, limit_usd, period_start, period_end, dedupe_key, details";

    public const string DeliveryColumns = "alert_id, webhook, state, attempts, last_status, last_error, updated_at";

    public static readonly string[] AlertParameters =
        ["$id", "$created_at", "$kind", "$severity", "$message", "$subject_id", "$subject_name", "$subject_scope", "$threshold_fraction", "$spent_usd", "$limit_usd", "$period_start", "$period_end", "$dedupe_key", "$details"];

    public static readonly string[] DeliveryParameters = ["$alert_id", "$webhook", "$state", "$attempts", "$last_status", "$last_error", "$updated_at"];

    public static void Bind(SqliteCommand insert, Alert alert)
    {
        var values = insert.Parameters;
        values[0].Value = alert.Id;
        values[1].Value = SqliteTimestamp.Format(alert.CreatedAt);
        values[2].Value = alert.Kind;
        values[3].Value = SeverityText(alert.Severity);
        values[4].Value = alert.Message;
        values[5].Value = Nullable(alert.Subject?.Id);
        values[6].Value = Nullable(alert.Subject?.Name);
        values[7].Value = Nullable(alert.Subject?.Scope);
        values[8].Value = Nullable(SqliteMoney.ToText(alert.ThresholdFraction));
        values[9].Value = Nullable(SqliteMoney.ToText(alert.SpentUsd));
        values[10].Value = Nullable(SqliteMoney.ToText(alert.LimitUsd));
        values[11].Value = alert.PeriodStart is { } start ? SqliteTimestamp.Format(start) : DBNull.Value;
        values[12].Value = alert.PeriodEnd is { } end ? SqliteTimestamp.Format(end) : DBNull.Value;
        values[13].Value = Nullable(alert.DedupeKey);
        values[14].Value = alert.Details is { Count: > 0 } details
            ? JsonSerializer.Serialize(new Dictionary<string, string>(details, StringComparer.Ordinal), AlertDetailsJsonContext.Default.DictionaryStringString)
            : DBNull.Value;
    }

    public static void Bind(SqliteCommand upsert, string alertId, AlertDelivery delivery)
    {
        var values = upsert.Parameters;
        values[0].Value = alertId;
        values[1].Value = delivery.Webhook;
        values[2].Value = StateText(delivery.State);
        values[3].Value = delivery.Attempts;
        values[4].Value = delivery.LastStatus is { } status ? status : DBNull.Value;
        values[5].Value = Nullable(delivery.LastError);
        values[6].Value = SqliteTimestamp.Format(delivery.UpdatedAt);
    }

    /// <summary>Reads an alert from a row whose first columns are <see cref="AlertColumns"/>.</summary>
    public static Alert ReadAlert(SqliteDataReader row)
    {
        string? subjectId = Text(row, 5), subjectName = Text(row, 6), subjectScope = Text(row, 7);
        return new Alert(
            Id: row.GetString(0),
            CreatedAt: SqliteTimestamp.Parse(row.GetString(1)),
            Kind: row.GetString(2),
            Severity: ParseSeverity(row.GetString(3)),
            Message: row.GetString(4),
            Subject: subjectId is null && subjectName is null && subjectScope is null ? null : new AlertSubject(subjectId, subjectName, subjectScope),
            ThresholdFraction: Money(row, 8),
            SpentUsd: Money(row, 9),
            LimitUsd: Money(row, 10),
            PeriodStart: Text(row, 11) is { } start ? SqliteTimestamp.Parse(start) : null,
            PeriodEnd: Text(row, 12) is { } end ? SqliteTimestamp.Parse(end) : null,
            DedupeKey: Text(row, 13),
            Details: Text(row, 14) is { } details ? JsonSerializer.Deserialize(details, AlertDetailsJsonContext.Default.DictionaryStringString) : null);
    }

    /// <summary>Reads a delivery from a row of <see cref="DeliveryColumns"/>, beginning at <paramref name="first"/> (the alert id).</summary>
    public static AlertDelivery ReadDelivery(SqliteDataReader row, int first) => new(
        Webhook: row.GetString(first + 1),
        State: ParseState(row.GetString(first + 2)),
        Attempts: row.GetInt32(first + 3),
        LastStatus: row.IsDBNull(first + 4) ? null : row.GetInt32(first + 4),
        LastError: Text(row, first + 5),
        UpdatedAt: SqliteTimestamp.Parse(row.GetString(first + 6)));

    public static string StateText(AlertDeliveryState state) => state switch
    {
        AlertDeliveryState.Pending => "pending",
        AlertDeliveryState.Delivered => "delivered",
        AlertDeliveryState.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Unknown delivery state."),
    };

    private static AlertDeliveryState ParseState(string text) => text switch
    {
        "pending" => AlertDeliveryState.Pending,
        "delivered" => AlertDeliveryState.Delivered,
        "failed" => AlertDeliveryState.Failed,
        _ => throw new InvalidDataException($"Unknown alert delivery state '{text}' in the database."),
    };

    private static string SeverityText(AlertSeverity severity) => severity switch
    {
        AlertSeverity.Info => "info",
        AlertSeverity.Warning => "warning",
        AlertSeverity.Critical => "critical",
        _ => throw new ArgumentOutOfRangeException(nameof(severity), severity, "Unknown alert severity."),
    };

    private static AlertSeverity ParseSeverity(string text) => text switch
    {
        "info" => AlertSeverity.Info,
        "warning" => AlertSeverity.Warning,
        "critical" => AlertSeverity.Critical,
        _ => throw new InvalidDataException($"Unknown alert severity '{text}' in the database."),
    };

    private static object Nullable(string? value) => (object?)value ?? DBNull.Value;

    private static string? Text(SqliteDataReader row, int ordinal) => row.IsDBNull(ordinal) ? null : row.GetString(ordinal);

    private static decimal? Money(SqliteDataReader row, int ordinal) => row.IsDBNull(ordinal) ? null : SqliteMoney.Parse(row.GetString(ordinal));
}
