namespace Tollgate.Core.Alerts;

/// <summary>An alert as the store keeps it: the alert, and its delivery to each webhook it was meant for.</summary>
public sealed record StoredAlert(Alert Alert, IReadOnlyList<AlertDelivery> Deliveries);
