namespace Tollgate.Core.Alerts;

/// <summary>Where a lever raises an alert. Delivery (the store, the log, the webhooks) happens off the caller's path.</summary>
public interface IAlertPublisher
{
    /// <summary>
    /// Hands the alert on and returns at once: it never waits for storage or webhooks and never throws into the caller.
    /// An alert whose <see cref="Alert.DedupeKey"/> was raised before is dropped when it is stored.
    /// </summary>
    /// <returns>False when it could not even be queued (the gateway is stopping, or the queue is full); it is logged then.</returns>
    bool Publish(Alert alert);
}
