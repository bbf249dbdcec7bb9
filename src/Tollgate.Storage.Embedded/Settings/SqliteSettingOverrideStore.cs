using Tollgate.Core.Settings;
using Tollgate.Storage.Embedded.Sqlite;

namespace Tollgate.Storage.Embedded.Settings;

/// <summary>
/// The settings made through the admin API, one row per entry in the table <c>setting_overrides</c> of the ledger's
/// database. Writes are rare (an administrator's change), each one transaction on this store's own connection; callers
/// take turns on it asynchronously. Reads use pooled read connections beside the writer.
/// </summary>
internal sealed class SqliteSettingOverrideStore : ISettingOverrideStore, IDisposable
{
    private const string SelectAll = "SELECT path, value, replaces_below FROM setting_overrides ORDER BY path;";

    // At the path, or below it: the path, then ':' (compared without regard to case, as the column is).
    private const string DeleteAtAndBelow =
        "DELETE FROM setting_overrides WHERE path = $path " +
        "OR (length(path) > length($path) AND substr(path, length($path) + 1, 1) = ':' AND substr(path, 1, length($path)) = $path COLLATE NOCASE);";

    private const string Insert =
        "INSERT INTO setting_overrides (path, value, replaces_below, updated_at) VALUES ($path, $value, $replaces_below, $updated_at) " +
        "ON CONFLICT (path) DO UPDATE SET value = excluded.value, replaces_below = excluded.replaces_below, updated_at = excluded.updated_at;";

    private readonly SqliteStoreConnections _connections;
    private readonly TimeProvider _time;

    public SqliteSettingOverrideStore(SqliteDatabase database, TimeProvider time)
    {
        _connections = new SqliteStoreConnections(database);
        _time = time;
    }

    public ValueTask<IReadOnlyList<SettingOverride>> ListAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var connection = _connections.Readers.Rent();
        try
        {
            var overrides = new List<SettingOverride>();
            using var rows = connection.Command(SelectAll).ExecuteReader();
            while (rows.Read())
            {
                overrides.Add(new SettingOverride(rows.GetString(0), rows.IsDBNull(1) ? null : rows.GetString(1), rows.GetInt64(2) != 0));
            }

            return ValueTask.FromResult<IReadOnlyList<SettingOverride>>(overrides);
        }
        finally
        {
            _connections.Readers.Return(connection);
        }
    }

    public async ValueTask ReplaceAsync(string path, IReadOnlyList<SettingOverride> overrides, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(overrides);
        foreach (var entry in overrides)
        {
            if (!SettingPath.IsAtOrBelow(entry.Path, path))
            {
                throw new ArgumentException($"The override of '{entry.Path}' is not at or below '{path}'.", nameof(overrides));
            }
        }

        await _connections.Writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var updatedAt = SqliteTimestamp.Format(_time.GetUtcNow());
            using var transaction = _connections.WriteConnection.BeginTransaction();
            var delete = _connections.WriteCommand(DeleteAtAndBelow, "$path");
            delete.Transaction = transaction;
            delete.Parameters[0].Value = path;
            delete.ExecuteNonQuery();
            var insert = _connections.WriteCommand(Insert, "$path", "$value", "$replaces_below", "$updated_at");
            insert.Transaction = transaction;
            foreach (var entry in overrides)
            {
                insert.Parameters[0].Value = entry.Path;
                insert.Parameters[1].Value = (object?)entry.Value ?? DBNull.Value;
                insert.Parameters[2].Value = entry.ReplacesBelow ? 1 : 0;
                insert.Parameters[3].Value = updatedAt;
                insert.ExecuteNonQuery();
            }

            transaction.Commit();
        }
        finally
        {
            _connections.Writer.Release();
        }
    }

    public void Dispose() => _connections.Dispose();
}
