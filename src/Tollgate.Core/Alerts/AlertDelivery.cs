namespace Tollgate.Core.Alerts;

/// <summary>The delivery of one alert to one webhook.</summary>
/// <param name="Webhook">The webhook's name (never its URL, which may carry a token, nor its secret).</param>
/// <param name="State">Delivered, failed or still pending.</param>
/// <param name="Attempts">How many POSTs were made.</param>
/// <param name="LastStatus">The HTTP status of the last answer; null when none came (a timeout, no connection).</param>
/// <param name="LastError">Why the last attempt failed, briefly; null when it succeeded.</param>
/// <param name="UpdatedAt">When this state was recorded.</param>
public sealed record AlertDelivery(string Webhook, AlertDeliveryState State, int Attempts, int? LastStatus, string? LastError, DateTimeOffset UpdatedAt);
