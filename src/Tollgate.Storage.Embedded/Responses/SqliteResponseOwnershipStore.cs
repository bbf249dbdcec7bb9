using Microsoft.Data.Sqlite;
using Tollgate.Core.Responses;
using Tollgate.Storage.Embedded.Sqlite;

namespace Tollgate.Storage.Embedded.Responses;

/// <summary>
/// Response ownership on SQLite, in the tables <c>response_owners</c> and <c>response_settlements</c> of the ledger's
/// database. Writes are rare next to the ledger's (one per stored response created) and each is one statement on a
/// connection of this store's own, never part of the ledger's batches: SQLite's single write lock is held for one
/// row at a time, and a purge deletes in chunks of <see cref="DefaultPurgeChunk"/> rows, each its own transaction, so
/// the ledger's group commit never waits behind more than one short write. Callers of this store take turns on its
/// connection asynchronously, so none holds a thread while waiting. Lookups use pooled read connections beside the writer.
/// </summary>
internal sealed class SqliteResponseOwnershipStore : IResponseOwnershipStore, IDisposable
{
    internal const int DefaultPurgeChunk = 500;

    private const string InsertOwner =
        "INSERT OR IGNORE INTO response_owners (response_id, key_name, team, provider, created_at) " +
        "VALUES ($response_id, $key_name, $team, $provider, $created_at);";
    private const string SelectOwner = "SELECT response_id, key_name, team, provider, created_at FROM response_owners WHERE response_id = $response_id;";
    private const string DeleteOwner = "DELETE FROM response_owners WHERE response_id = $response_id;";
    private const string InsertSettlement =
        "INSERT OR IGNORE INTO response_settlements (response_id, request_id, created_at) VALUES ($response_id, $request_id, $created_at);";
    private const string SelectSettlements = "SELECT response_id, request_id, created_at FROM response_settlements ORDER BY created_at, response_id;";
    private const string DeleteSettlement = "DELETE FROM response_settlements WHERE response_id = $response_id;";

    // DELETE … LIMIT needs a compile-time option SQLite builds often lack; a keyed subquery bounds a chunk everywhere.
    private const string PurgeOwners =
        "DELETE FROM response_owners WHERE response_id IN " +
        "(SELECT response_id FROM response_owners WHERE created_at < $cutoff LIMIT $chunk);";
    private const string PurgeSettlements =
        "DELETE FROM response_settlements WHERE response_id IN " +
        "(SELECT response_id FROM response_settlements WHERE created_at < $cutoff LIMIT $chunk);";

    private readonly SqliteStoreConnections _connections;
    private readonly int _purgeChunk;

    public SqliteResponseOwnershipStore(SqliteDatabase database, int purgeChunk = DefaultPurgeChunk)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(purgeChunk, 1);
        _purgeChunk = purgeChunk;
        _connections = new SqliteStoreConnections(database);
    }

    /// <inheritdoc />
    public async ValueTask<bool> RecordAsync(ResponseOwner owner, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentException.ThrowIfNullOrEmpty(owner.ResponseId, nameof(owner));
        ArgumentException.ThrowIfNullOrEmpty(owner.Provider, nameof(owner));
        await _connections.Writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var insert = _connections.WriteCommand(InsertOwner, "$response_id", "$key_name", "$team", "$provider", "$created_at");
            insert.Parameters[0].Value = owner.ResponseId;
            insert.Parameters[1].Value = (object?)owner.KeyName ?? DBNull.Value;
            insert.Parameters[2].Value = (object?)owner.Team ?? DBNull.Value;
            insert.Parameters[3].Value = owner.Provider;
            insert.Parameters[4].Value = SqliteTimestamp.Format(owner.CreatedAt);
            return insert.ExecuteNonQuery() > 0;
        }
        finally
        {
            _connections.Writer.Release();
        }
    }

    /// <inheritdoc />
    public ValueTask<ResponseOwner?> FindAsync(string responseId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(responseId);
        cancellationToken.ThrowIfCancellationRequested();
        var connection = _connections.Readers.Rent();
        try
        {
            var command = connection.Command(SelectOwner, "$response_id");
            command.Parameters[0].Value = responseId;
            using var row = command.ExecuteReader();
            return ValueTask.FromResult(row.Read() ? ReadOwner(row) : null);
        }
        finally
        {
            _connections.Readers.Return(connection);
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> ForgetAsync(string responseId, CancellationToken cancellationToken = default) =>
        DeleteOneAsync(DeleteOwner, responseId, cancellationToken);

    /// <inheritdoc />
    public async ValueTask<bool> AddPendingSettlementAsync(PendingSettlement settlement, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settlement);
        ArgumentException.ThrowIfNullOrEmpty(settlement.ResponseId, nameof(settlement));
        ArgumentException.ThrowIfNullOrEmpty(settlement.LedgerRequestId, nameof(settlement));
        await _connections.Writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var insert = _connections.WriteCommand(InsertSettlement, "$response_id", "$request_id", "$created_at");
            insert.Parameters[0].Value = settlement.ResponseId;
            insert.Parameters[1].Value = settlement.LedgerRequestId;
            insert.Parameters[2].Value = SqliteTimestamp.Format(settlement.CreatedAt);
            return insert.ExecuteNonQuery() > 0;
        }
        finally
        {
            _connections.Writer.Release();
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<PendingSettlement>> ListPendingSettlementsAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var connection = _connections.Readers.Rent();
        try
        {
            var pending = new List<PendingSettlement>();
            using var row = connection.Command(SelectSettlements).ExecuteReader();
            while (row.Read())
            {
                pending.Add(new PendingSettlement(row.GetString(0), row.GetString(1), SqliteTimestamp.Parse(row.GetString(2))));
            }

            return ValueTask.FromResult<IReadOnlyList<PendingSettlement>>(pending);
        }
        finally
        {
            _connections.Readers.Return(connection);
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> CompletePendingSettlementAsync(string responseId, CancellationToken cancellationToken = default) =>
        DeleteOneAsync(DeleteSettlement, responseId, cancellationToken);

    /// <inheritdoc />
    /// <remarks>
    /// Cancellation stops between chunks: what was deleted stays deleted, and the next purge removes the rest.
    /// </remarks>
    public async ValueTask<ResponsePurge> PurgeAsync(DateTimeOffset createdBefore, CancellationToken cancellationToken = default)
    {
        var cutoff = SqliteTimestamp.Format(createdBefore);
        var owners = await PurgeTableAsync(PurgeOwners, cutoff, cancellationToken).ConfigureAwait(false);
        var settlements = await PurgeTableAsync(PurgeSettlements, cutoff, cancellationToken).ConfigureAwait(false);
        return new ResponsePurge(owners, settlements);
    }

    public void Dispose() => _connections.Dispose();

    private async ValueTask<long> PurgeTableAsync(string sql, string cutoff, CancellationToken cancellationToken)
    {
        long removed = 0;
        int chunk;
        do
        {
            // The turn is given back after every chunk, so recording a new response never waits for a whole purge.
            await _connections.Writer.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var delete = _connections.WriteCommand(sql, "$cutoff", "$chunk");
                delete.Parameters[0].Value = cutoff;
                delete.Parameters[1].Value = _purgeChunk;
                chunk = delete.ExecuteNonQuery();
            }
            finally
            {
                _connections.Writer.Release();
            }

            removed += chunk;
        }
        while (chunk == _purgeChunk);

        return removed;
    }

    private async ValueTask<bool> DeleteOneAsync(string sql, string responseId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(responseId);
        await _connections.Writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var delete = _connections.WriteCommand(sql, "$response_id");
            delete.Parameters[0].Value = responseId;
            return delete.ExecuteNonQuery() > 0;
        }
        finally
        {
            _connections.Writer.Release();
        }
    }


    private static ResponseOwner ReadOwner(SqliteDataReader row) => new(
        ResponseId: row.GetString(0),
        KeyName: row.IsDBNull(1) ? null : row.GetString(1),
        Team: row.IsDBNull(2) ? null : row.GetString(2),
        Provider: row.GetString(3),
        CreatedAt: SqliteTimestamp.Parse(row.GetString(4)));
}
