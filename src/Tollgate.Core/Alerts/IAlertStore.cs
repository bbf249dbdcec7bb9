namespace Tollgate.Core.Alerts;

/// <summary>
/// The alerts raised, newest first, with their deliveries to the webhooks. Several gateways (processes) may share one
/// store: an alert's <see cref="Alert.DedupeKey"/> is raised once by any of them.
/// </summary>
public interface IAlertStore
{
    /// <summary>
    /// Keeps an alert, with a pending delivery for each webhook it is meant for. Once this completes it is listed,
    /// through this store and any other on the same data.
    /// </summary>
    /// <returns>False, keeping nothing, when its id or its dedupe key is already stored.</returns>
    /// <exception cref="ArgumentException">The alert lacks an id, kind or message, or a webhook name is empty or repeated.</exception>
    ValueTask<bool> AppendAsync(Alert alert, IReadOnlyList<string> webhooks, CancellationToken cancellationToken = default);

    /// <summary>The alerts matching <paramref name="query"/>, newest first (by time raised, then by id).</summary>
    ValueTask<IReadOnlyList<StoredAlert>> ListAsync(AlertQuery query, CancellationToken cancellationToken = default);

    /// <summary>One alert by its id; null when there is none.</summary>
    ValueTask<StoredAlert?> GetAsync(string alertId, CancellationToken cancellationToken = default);

    /// <summary>Replaces the state of the alert's delivery to <see cref="AlertDelivery.Webhook"/>, adding it when new.</summary>
    /// <returns>False when there is no such alert.</returns>
    ValueTask<bool> RecordDeliveryAsync(string alertId, AlertDelivery delivery, CancellationToken cancellationToken = default);

    /// <summary>
    /// The alerts with a delivery still <see cref="AlertDeliveryState.Pending"/>, oldest first, at most
    /// <paramref name="limit"/>: what a start finds interrupted.
    /// </summary>
    ValueTask<IReadOnlyList<StoredAlert>> ListPendingAsync(int limit, CancellationToken cancellationToken = default);
}
