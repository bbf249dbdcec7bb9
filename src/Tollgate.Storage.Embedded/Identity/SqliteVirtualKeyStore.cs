using Microsoft.Data.Sqlite;
using Tollgate.Core.Identity;
using Tollgate.Storage.Embedded.Sqlite;

namespace Tollgate.Storage.Embedded.Identity;

/// <summary>
/// Virtual keys on SQLite, in the table <c>virtual_keys</c>. Only the SHA-256 of a secret is stored. Lookups by
/// hash (once per authenticated request) use prepared statements on pooled read connections; creating and
/// revoking are rare and open a connection of their own.
/// </summary>
internal sealed class SqliteVirtualKeyStore : IVirtualKeyStore, IDisposable
{
    private const string Columns = "id, name, user, feature, team, prefix, created_at, revoked_at";
    private const string SelectByHash = $"SELECT {Columns} FROM virtual_keys WHERE secret_hash = $secret_hash;";
    private const string SelectAll = $"SELECT {Columns} FROM virtual_keys ORDER BY created_at, id;";
    private const string SelectAnyActive = "SELECT EXISTS (SELECT 1 FROM virtual_keys WHERE revoked_at IS NULL);";
    private const string SelectActiveName = "SELECT 1 FROM virtual_keys WHERE name = $name AND revoked_at IS NULL;";
    private const string Insert =
        "INSERT INTO virtual_keys (id, name, user, feature, team, prefix, secret_hash, created_at, revoked_at) " +
        "VALUES ($id, $name, $user, $feature, $team, $prefix, $secret_hash, $created_at, NULL);";
    private const string RevokeById = "UPDATE virtual_keys SET revoked_at = $now WHERE id = $value AND revoked_at IS NULL;";
    private const string RevokeByName = "UPDATE virtual_keys SET revoked_at = $now WHERE name = $value AND revoked_at IS NULL;";

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
    /// <exception cref="ArgumentException">The name is empty, longer than 100 characters or has control characters.</exception>
    /// <exception cref="InvalidOperationException">An active key already has this name.</exception>
    public ValueTask<CreatedVirtualKey> CreateAsync(VirtualKeySpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        VirtualKeyName.Validate(spec.Name, nameof(spec));
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
            RevokedAt: null);

        using var connection = _database.OpenWriteConnection();
        using var transaction = connection.BeginTransaction(deferred: false);
        using (var exists = Command(connection, transaction, SelectActiveName))
        {
            exists.Parameters.AddWithValue("$name", key.Name);
            if (exists.ExecuteScalar() is not null)
            {
                throw new InvalidOperationException($"An active virtual key named '{key.Name}' already exists. Revoke it first or choose another name.");
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
            insert.ExecuteNonQuery();
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
        RevokedAt: row.IsDBNull(7) ? null : SqliteTimestamp.Parse(row.GetString(7)));
}
