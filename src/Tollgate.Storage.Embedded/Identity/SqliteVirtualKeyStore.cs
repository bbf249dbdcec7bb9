using Microsoft.Data.Sqlite;
using Tollgate.Core.Identity;
using Tollgate.Core.Tiers;
using Tollgate.Storage.Embedded.Sqlite;

namespace Tollgate.Storage.Embedded.Identity;

/// <summary>
/// Virtual keys on SQLite, in the table <c>virtual_keys</c>. Only the SHA-256 of a secret is stored. Lookups by
/// hash (once per authenticated request) use prepared statements on pooled read connections; creating and
/// revoking are rare and open a connection of their own. That keys are in use is the one row of
/// <c>key_store_state</c>, written with the first key.
/// </summary>
internal sealed class SqliteVirtualKeyStore : IVirtualKeyStore, IDisposable
{
    private const string Columns = "id, name, user, feature, team, prefix, created_at, revoked_at, open_attribution, tags, tier";
    private const string SelectByHash = $"SELECT {Columns} FROM virtual_keys WHERE secret_hash = $secret_hash;";
    private const string SelectAll = $"SELECT {Columns} FROM virtual_keys ORDER BY created_at, id;";
    private const string SelectAnyActive = "SELECT EXISTS (SELECT 1 FROM virtual_keys WHERE revoked_at IS NULL);";
    private const string SelectKeysInUse = "SELECT EXISTS (SELECT 1 FROM key_store_state);";
    private const string SelectActiveName = "SELECT 1 FROM virtual_keys WHERE name = $name AND revoked_at IS NULL;";
    private const string Insert =
        "INSERT INTO virtual_keys (id, name, user, feature, team, prefix, secret_hash, created_at, revoked_at, open_attribution, tags, tier) " +
        "VALUES ($id, $name, $user, $feature, $team, $prefix, $secret_hash, $created_at, NULL, $open_attribution, $tags, $tier);";
    private const string MarkKeysInUse = "INSERT OR IGNORE INTO key_store_state (id, keys_in_use_since) VALUES (1, $created_at);";
    private const string RevokeById = "UPDATE virtual_keys SET revoked_at = $now WHERE id = $value AND revoked_at IS NULL;";
    private const string RevokeByName = "UPDATE virtual_keys SET revoked_at = $now WHERE name = $value AND revoked_at IS NULL;";

    private const int UniqueConstraintFailed = 2067; // SQLITE_CONSTRAINT_UNIQUE

    private readonly SqliteDatabase _database;
    private readonly TimeProvider _time;
    private readonly SqliteReadPool _readers;

    public SqliteVirtualKeyStore(SqliteDatabase database, TimeProvider time)
    {
        _database = database;
        _time = time;
        _readers = new SqliteReadPool(database);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">
    /// The name is empty, longer than 100 characters or has control characters, or a field is both fixed and left open.
    /// </exception>
    /// <exception cref="VirtualKeyNameTakenException">An active key already has this name.</exception>
    public ValueTask<CreatedVirtualKey> CreateAsync(VirtualKeySpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        VirtualKeyName.Validate(spec.Name, nameof(spec));
        spec.ValidateAttribution();
        if (spec.Tier is not null)
        {
            TierName.Validate(spec.Tier, nameof(spec));
        }

        cancellationToken.ThrowIfCancellationRequested();

        var secret = VirtualKeySecret.Generate();
        var now = _time.GetUtcNow();
        var key = new VirtualKey(
            Id: "vk_" + Guid.CreateVersion7(now).ToString("N"),
            Name: spec.Name,
            User: spec.User,
            Feature: spec.Feature,
            Team: spec.Team,
            Prefix: VirtualKeySecret.DisplayPrefix(secret),
            CreatedAt: now,
            RevokedAt: null,
            OpenAttribution: spec.OpenAttribution)
        {
            Tags = spec.Tags,
            Tier = spec.Tier,
        };

        using var connection = _database.OpenWriteConnection();
        using var transaction = connection.BeginTransaction(deferred: false);
        using (var exists = Command(connection, transaction, SelectActiveName))
        {
            exists.Parameters.AddWithValue("$name", key.Name);
            if (exists.ExecuteScalar() is not null)
            {
                throw new VirtualKeyNameTakenException(key.Name);
            }
        }

        using (var insert = Command(connection, transaction, Insert))
        {
            insert.Parameters.AddWithValue("$id", key.Id);
            insert.Parameters.AddWithValue("$name", key.Name);
            insert.Parameters.AddWithValue("$user", (object?)key.User ?? DBNull.Value);
            insert.Parameters.AddWithValue("$feature", (object?)key.Feature ?? DBNull.Value);
            insert.Parameters.AddWithValue("$team", (object?)key.Team ?? DBNull.Value);
            insert.Parameters.AddWithValue("$prefix", key.Prefix);
            insert.Parameters.AddWithValue("$secret_hash", VirtualKeySecret.Hash(secret));
            insert.Parameters.AddWithValue("$created_at", SqliteTimestamp.Format(now));
            insert.Parameters.AddWithValue("$open_attribution", key.OpenAttribution == AttributionFields.None ? DBNull.Value : string.Join(',', AttributionFieldNames.Format(key.OpenAttribution)));
            insert.Parameters.AddWithValue("$tags", key.Tags.IsEmpty ? DBNull.Value : key.Tags.ToJson());
            insert.Parameters.AddWithValue("$tier", (object?)key.Tier ?? DBNull.Value);
            try
            {
                insert.ExecuteNonQuery();
            }
            catch (SqliteException exception) when (exception.SqliteExtendedErrorCode == UniqueConstraintFailed && exception.Message.Contains("virtual_keys.name", StringComparison.Ordinal))
            {
                // The active-name index caught what the check above could not see: another writer got there first.
                throw new VirtualKeyNameTakenException(key.Name, exception);
            }
        }

        using (var mark = Command(connection, transaction, MarkKeysInUse))
        {
            mark.Parameters.AddWithValue("$created_at", SqliteTimestamp.Format(now));
            mark.ExecuteNonQuery();
        }

        transaction.Commit();
        return ValueTask.FromResult(new CreatedVirtualKey(key, secret));
    }

    /// <inheritdoc />
    public ValueTask<VirtualKey?> FindByHashAsync(string secretHash, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(secretHash);
        cancellationToken.ThrowIfCancellationRequested();
        var connection = _readers.Rent();
        try
        {
            var command = connection.Command(SelectByHash, "$secret_hash");
            command.Parameters[0].Value = secretHash;
            using var row = command.ExecuteReader();
            return ValueTask.FromResult(row.Read() ? ReadKey(row) : null);
        }
        finally
        {
            _readers.Return(connection);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<VirtualKey>> ListAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var connection = _readers.Rent();
        try
        {
            var keys = new List<VirtualKey>();
            using var row = connection.Command(SelectAll).ExecuteReader();
            while (row.Read())
            {
                keys.Add(ReadKey(row));
            }

            return ValueTask.FromResult<IReadOnlyList<VirtualKey>>(keys);
        }
        finally
        {
            _readers.Return(connection);
        }
    }

    /// <inheritdoc />
    /// <remarks>An id wins over a name when a value matches both.</remarks>
    public ValueTask<bool> RevokeAsync(string idOrName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(idOrName);
        cancellationToken.ThrowIfCancellationRequested();
        var now = SqliteTimestamp.Format(_time.GetUtcNow());

        using var connection = _database.OpenWriteConnection();
        using var transaction = connection.BeginTransaction(deferred: false);
        var revoked = Revoke(connection, transaction, RevokeById, idOrName, now) || Revoke(connection, transaction, RevokeByName, idOrName, now);
        transaction.Commit();
        return ValueTask.FromResult(revoked);
    }

    /// <inheritdoc />
    public ValueTask<bool> AnyActiveAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var connection = _readers.Rent();
        try
        {
            var any = connection.Command(SelectAnyActive).ExecuteScalar();
            return ValueTask.FromResult(any is long value && value != 0);
        }
        finally
        {
            _readers.Return(connection);
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> KeysInUseAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var connection = _readers.Rent();
        try
        {
            var inUse = connection.Command(SelectKeysInUse).ExecuteScalar();
            return ValueTask.FromResult(inUse is long value && value != 0);
        }
        finally
        {
            _readers.Return(connection);
        }
    }

    public void Dispose() => _readers.Dispose();

    private static bool Revoke(SqliteConnection connection, SqliteTransaction transaction, string sql, string value, string now)
    {
        using var command = Command(connection, transaction, sql);
        command.Parameters.AddWithValue("$value", value);
        command.Parameters.AddWithValue("$now", now);
        return command.ExecuteNonQuery() > 0;
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static VirtualKey ReadKey(SqliteDataReader row) => new(
        Id: row.GetString(0),
        Name: row.GetString(1),
        User: row.IsDBNull(2) ? null : row.GetString(2),
        Feature: row.IsDBNull(3) ? null : row.GetString(3),
        Team: row.IsDBNull(4) ? null : row.GetString(4),
        Prefix: row.GetString(5),
        CreatedAt: SqliteTimestamp.Parse(row.GetString(6)),
        RevokedAt: row.IsDBNull(7) ? null : SqliteTimestamp.Parse(row.GetString(7)),
        OpenAttribution: row.IsDBNull(8) ? AttributionFields.None : AttributionFieldNames.Parse(row.GetString(8).Split(',')))
    {
        Tags = row.IsDBNull(9) ? RequestTags.Empty : RequestTags.FromJson(row.GetString(9)),
        Tier = row.IsDBNull(10) ? null : row.GetString(10),
    };
}
