using System.Text.Json.Serialization;
using Tollgate.Core.Alerts;

namespace Tollgate.Gateway.Alerts;

/// <summary>
/// An alert as JSON (snake_case): the body a webhook receives, and an item of <c>GET /admin/alerts</c>, which adds the
/// deliveries. Nothing of a webhook but its name ever appears in it.
/// </summary>
internal sealed record AlertResponse(
    string Id,
    DateTimeOffset CreatedAt,
    string Kind,
    string Severity,
    string Message,
    AlertSubject? Subject,
    decimal? ThresholdFraction,
    decimal? SpentUsd,
    decimal? LimitUsd,
    DateTimeOffset? PeriodStart,
    DateTimeOffset? PeriodEnd,
    string? DedupeKey,
    IReadOnlyDictionary<string, string>? Details,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<AlertDeliveryResponse>? Deliveries)
{
    public static AlertResponse From(Alert alert, IReadOnlyList<AlertDelivery>? deliveries = null)
    {
        AlertDeliveryResponse[]? listed = null;
        if (deliveries is not null)
        {
            listed = new AlertDeliveryResponse[deliveries.Count];
            for (var i = 0; i < listed.Length; i++)
            {
                listed[i] = AlertDeliveryResponse.From(deliveries[i]);
            }
        }

        return new AlertResponse(
            alert.Id, alert.CreatedAt, alert.Kind, SeverityName(alert.Severity), alert.Message, alert.Subject, alert.ThresholdFraction,
            alert.SpentUsd, alert.LimitUsd, alert.PeriodStart, alert.PeriodEnd, alert.DedupeKey, alert.Details, listed);
    }

    public static string SeverityName(AlertSeverity severity) => severity switch
    {
        AlertSeverity.Critical => "critical",
        AlertSeverity.Warning => "warning",
        _ => "info",
    };
}
