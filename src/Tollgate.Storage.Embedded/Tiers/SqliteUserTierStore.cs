using Tollgate.Core.Tiers;
using Tollgate.Storage.Embedded.Sqlite;

namespace Tollgate.Storage.Embedded.Tiers;

/// <summary>
/// The tiers given to end users, in the table <c>user_tiers</c> of the ledger's database. Writes are rare (an
/// administrator's change), one statement each on this store's own connection; reads use pooled read connections.
/// </summary>
internal sealed class SqliteUserTierStore : IUserTierStore, IDisposable
{
    private const string SelectAll = "SELECT user, tier FROM user_tiers ORDER BY user;";
    private const string Upsert =
        "INSERT INTO user_tiers (user, tier, updated_at) VALUES ($user, $tier, $updated_at) " +
        "ON CONFLICT (user) DO UPDATE SET tier = excluded.tier, updated_at = excluded.updated_at;";
    private const string Delete = "DELETE FROM user_tiers WHERE user = $user;";

    private readonly SqliteStoreConnections _connections;
    private readonly TimeProvider _time;

    public SqliteUserTierStore(SqliteDatabase database, TimeProvider time)
    {
        _connections = new SqliteStoreConnections(database);
        _time = time;
    }

    public ValueTask<IReadOnlyDictionary<string, string>> ListAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var connection = _connections.Readers.Rent();
        try
        {
            var tiers = new Dictionary<string, string>(StringComparer.Ordinal);
            using var rows = connection.Command(SelectAll).ExecuteReader();
            while (rows.Read())
            {
                tiers[rows.GetString(0)] = rows.GetString(1);
            }

            return ValueTask.FromResult<IReadOnlyDictionary<string, string>>(tiers);
        }
        finally
        {
            _connections.Readers.Return(connection);
        }
    }

    public async ValueTask SetAsync(string user, string tier, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(user);
        TierName.Validate(tier, nameof(tier));
        await _connections.Writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var command = _connections.WriteCommand(Upsert, "$user", "$tier", "$updated_at");
            command.Parameters[0].Value = user;
            command.Parameters[1].Value = tier;
            command.Parameters[2].Value = SqliteTimestamp.Format(_time.GetUtcNow());
            command.ExecuteNonQuery();
        }
        finally
        {
            _connections.Writer.Release();
        }
    }

    public async ValueTask<bool> RemoveAsync(string user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        await _connections.Writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var command = _connections.WriteCommand(Delete, "$user");
            command.Parameters[0].Value = user;
            return command.ExecuteNonQuery() > 0;
        }
        finally
        {
            _connections.Writer.Release();
        }
    }

    public void Dispose() => _connections.Dispose();
}
