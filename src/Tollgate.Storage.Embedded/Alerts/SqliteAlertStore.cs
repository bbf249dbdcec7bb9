using Microsoft.Data.Sqlite;
using Tollgate.Core.Alerts;
using Tollgate.Storage.Embedded.Sqlite;

namespace Tollgate.Storage.Embedded.Alerts;

/// <summary>
/// Alerts on SQLite, in the tables <c>alerts</c> and <c>alert_deliveries</c> of the ledger's database. Alerts are
/// rare (a threshold per budget and period), so each write is one short transaction on this store's own connection,
/// never part of the ledger's batches. The unique index on the dedupe key settles a race between two gateways raising
/// the same alert: the second insert is ignored. Each list is one statement, so it reads one consistent snapshot.
/// </summary>
internal sealed class SqliteAlertStore : IAlertStore, IDisposable
{
    private const int AlertColumnCount = 15;

    private const string InsertAlert = "INSERT OR IGNORE INTO alerts (" + AlertRows.AlertColumns + ") VALUES " +
        "($id, $created_at, $kind, $severity, $message, $subject_id, $subject_name, $subject_scope, $threshold_fraction, $spent_usd, $limit_usd, $period_start, $period_end, $dedupe_key, $details);";

    // Only for an alert that exists; a second record of one webhook replaces the first.
    private const string UpsertDelivery = "INSERT INTO alert_deliveries (" + AlertRows.DeliveryColumns + ") " +
        "SELECT $alert_id, $webhook, $state, $attempts, $last_status, $last_error, $updated_at WHERE EXISTS (SELECT 1 FROM alerts WHERE id = $alert_id) " +
        "ON CONFLICT (alert_id, webhook) DO UPDATE SET state = excluded.state, attempts = excluded.attempts, " +
        "last_status = excluded.last_status, last_error = excluded.last_error, updated_at = excluded.updated_at;";

    private const string WithDeliveries = "SELECT a.*, d.alert_id, d.webhook, d.state, d.attempts, d.last_status, d.last_error, d.updated_at FROM (";

    private const string SelectAlerts = WithDeliveries +
        "SELECT " + AlertRows.AlertColumns + " FROM alerts WHERE ($since IS NULL OR created_at >= $since) AND ($kind IS NULL OR kind = $kind) " +
        "ORDER BY created_at DESC, id DESC LIMIT $limit) a LEFT JOIN alert_deliveries d ON d.alert_id = a.id " +
        "ORDER BY a.created_at DESC, a.id DESC, d.webhook;";

    private const string SelectAlert = WithDeliveries +
        "SELECT " + AlertRows.AlertColumns + " FROM alerts WHERE id = $id) a LEFT JOIN alert_deliveries d ON d.alert_id = a.id ORDER BY d.webhook;";

    private const string SelectPending = WithDeliveries +
        "SELECT " + AlertRows.AlertColumns + " FROM alerts WHERE id IN (SELECT alert_id FROM alert_deliveries WHERE state = 'pending') " +
        "ORDER BY created_at, id LIMIT $limit) a LEFT JOIN alert_deliveries d ON d.alert_id = a.id " +
        "ORDER BY a.created_at, a.id, d.webhook;";

    private readonly SqliteStoreConnections _connections;
    private readonly TimeProvider _time;

    public SqliteAlertStore(SqliteDatabase database, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _connections = new SqliteStoreConnections(database);
    }

    /// <inheritdoc />
    public async ValueTask<bool> AppendAsync(Alert alert, IReadOnlyList<string> webhooks, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alert);
        ArgumentNullException.ThrowIfNull(webhooks);
        alert.Validate();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var webhook in webhooks)
        {
            if (string.IsNullOrEmpty(webhook) || !names.Add(webhook))
            {
                throw new ArgumentException($"Webhook names must be given, each once; got '{webhook}'.", nameof(webhooks));
            }
        }

        await _connections.Writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _connections.WriteCommand("BEGIN IMMEDIATE;").ExecuteNonQuery();
            try
            {
                var insert = _connections.WriteCommand(InsertAlert, AlertRows.AlertParameters);
                AlertRows.Bind(insert, alert);
                if (insert.ExecuteNonQuery() == 0)
                {
                    _connections.WriteCommand("ROLLBACK;").ExecuteNonQuery();
                    return false;
                }

                var now = _time.GetUtcNow();
                foreach (var webhook in webhooks)
                {
                    var delivery = _connections.WriteCommand(UpsertDelivery, AlertRows.DeliveryParameters);
                    AlertRows.Bind(delivery, alert.Id, new AlertDelivery(webhook, AlertDeliveryState.Pending, 0, null, null, now));
                    delivery.ExecuteNonQuery();
                }

                _connections.WriteCommand("COMMIT;").ExecuteNonQuery();
                return true;
            }
            catch
            {
                RollBackQuietly();
                throw;
            }
        }
        finally
        {
            _connections.Writer.Release();
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<StoredAlert>> ListAsync(AlertQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1, nameof(query));
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult<IReadOnlyList<StoredAlert>>(Read(SelectAlerts, ["$since", "$kind", "$limit"], command =>
        {
            command.Parameters[0].Value = query.Since is { } since ? SqliteTimestamp.Format(since) : DBNull.Value;
            command.Parameters[1].Value = (object?)query.Kind ?? DBNull.Value;
            command.Parameters[2].Value = query.Limit;
        }));
    }

    /// <inheritdoc />
    public ValueTask<StoredAlert?> GetAsync(string alertId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alertId);
        cancellationToken.ThrowIfCancellationRequested();
        var found = Read(SelectAlert, ["$id"], command => command.Parameters[0].Value = alertId);
        return ValueTask.FromResult(found.Count == 0 ? null : found[0]);
    }

    /// <inheritdoc />
    public async ValueTask<bool> RecordDeliveryAsync(string alertId, AlertDelivery delivery, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alertId);
        ArgumentNullException.ThrowIfNull(delivery);
        ArgumentException.ThrowIfNullOrEmpty(delivery.Webhook, nameof(delivery));
        await _connections.Writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var upsert = _connections.WriteCommand(UpsertDelivery, AlertRows.DeliveryParameters);
            AlertRows.Bind(upsert, alertId, delivery);
            return upsert.ExecuteNonQuery() > 0;
        }
        finally
        {
            _connections.Writer.Release();
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<StoredAlert>> ListPendingAsync(int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult<IReadOnlyList<StoredAlert>>(Read(SelectPending, ["$limit"], command => command.Parameters[0].Value = limit));
    }

    public void Dispose() => _connections.Dispose();

    /// <summary>Runs a query of alerts joined to their deliveries (one row per delivery, or one with none) and groups them.</summary>
    private List<StoredAlert> Read(string sql, string[] parameterNames, Action<SqliteCommand> bind)
    {
        var connection = _connections.Readers.Rent();
        try
        {
            var command = connection.Command(sql, parameterNames);
            bind(command);
            var alerts = new List<StoredAlert>();
            Alert? current = null;
            List<AlertDelivery>? deliveries = null;
            using var row = command.ExecuteReader();
            while (row.Read())
            {
                var id = row.GetString(0);
                if (current is null || !string.Equals(current.Id, id, StringComparison.Ordinal))
                {
                    if (current is not null)
                    {
                        alerts.Add(new StoredAlert(current, deliveries!));
                    }

                    current = AlertRows.ReadAlert(row);
                    deliveries = [];
                }

                if (!row.IsDBNull(AlertColumnCount))
                {
                    deliveries!.Add(AlertRows.ReadDelivery(row, AlertColumnCount));
                }
            }

            if (current is not null)
            {
                alerts.Add(new StoredAlert(current, deliveries!));
            }

            return alerts;
        }
        finally
        {
            _connections.Readers.Return(connection);
        }
    }

    /// <summary>Ends a transaction a failed statement left open; SQLite may have rolled it back already.</summary>
    private void RollBackQuietly()
    {
        try
        {
            _connections.WriteCommand("ROLLBACK;").ExecuteNonQuery();
        }
        catch (SqliteException)
        {
            // No transaction was open any more.
        }
    }
}
