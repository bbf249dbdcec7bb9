using Tollgate.Core.Alerts;

namespace Tollgate.Gateway.Alerts;

/// <summary>The delivery of an alert to one webhook, as <c>GET /admin/alerts</c> lists it.</summary>
internal sealed record AlertDeliveryResponse(string Webhook, string State, int Attempts, int? LastStatus, string? LastError, DateTimeOffset UpdatedAt)
{
    public static AlertDeliveryResponse From(AlertDelivery delivery) => new(
        delivery.Webhook,
        delivery.State switch
        {
            AlertDeliveryState.Delivered => "delivered",
            AlertDeliveryState.Failed => "failed",
            _ => "pending",
        },
        delivery.Attempts,
        delivery.LastStatus,
        delivery.LastError,
        delivery.UpdatedAt);
}
