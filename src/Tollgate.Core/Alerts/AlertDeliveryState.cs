namespace Tollgate.Core.Alerts;

/// <summary>Where the delivery of an alert to one webhook stands.</summary>
public enum AlertDeliveryState
{
    /// <summary>Not delivered yet: being tried, or interrupted by a stop (tried again at the next start).</summary>
    Pending,

    /// <summary>The webhook answered 2xx.</summary>
    Delivered,

    /// <summary>Given up after the last attempt, or the webhook refused it for good (a 4xx other than 408 and 429).</summary>
    Failed,
}
