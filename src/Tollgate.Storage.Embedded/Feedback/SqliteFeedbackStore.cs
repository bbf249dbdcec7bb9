using Microsoft.Data.Sqlite;
using Tollgate.Core.Feedback;
using Tollgate.Storage.Embedded.Sqlite;

namespace Tollgate.Storage.Embedded.Feedback;

/// <summary>
/// The applications' feedback on outputs, one row per request in the table <c>feedback</c> of the ledger's database,
/// where the spend report joins it to the ledger. A word replaces the one before it (its first time kept) in one
/// statement, so concurrent words on one request leave the last one written. Writes take turns on this store's own
/// connection; reads use pooled read connections beside it.
/// </summary>
internal sealed class SqliteFeedbackStore : IFeedbackStore, IDisposable
{
    private const string Columns = "request_id, usable, key_name, first_given_at, given_at";

    private const string Upsert =
        $"INSERT INTO feedback ({Columns}) VALUES ($request_id, $usable, $key_name, $given_at, $given_at) " +
        "ON CONFLICT (request_id) DO UPDATE SET usable = excluded.usable, key_name = excluded.key_name, given_at = excluded.given_at " +
        $"RETURNING {Columns};";

    private const string Select = $"SELECT {Columns} FROM feedback WHERE request_id = $request_id;";

    private readonly SqliteStoreConnections _connections;
    private readonly TimeProvider _time;

    public SqliteFeedbackStore(SqliteDatabase database, TimeProvider time)
    {
        _connections = new SqliteStoreConnections(database);
        _time = time;
    }

    public async ValueTask<OutputFeedback> RecordAsync(string requestId, bool usable, string? keyName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(requestId);
        await _connections.Writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var command = _connections.WriteCommand(Upsert, "$request_id", "$usable", "$key_name", "$given_at");
            command.Parameters[0].Value = requestId;
            command.Parameters[1].Value = usable ? 1 : 0;
            command.Parameters[2].Value = (object?)keyName ?? DBNull.Value;
            command.Parameters[3].Value = SqliteTimestamp.Format(_time.GetUtcNow());
            using var row = command.ExecuteReader();
            row.Read();
            return Read(row);
        }
        finally
        {
            _connections.Writer.Release();
        }
    }

    public ValueTask<OutputFeedback?> GetAsync(string requestId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requestId);
        cancellationToken.ThrowIfCancellationRequested();
        var connection = _connections.Readers.Rent();
        try
        {
            var command = connection.Command(Select, "$request_id");
            command.Parameters[0].Value = requestId;
            using var row = command.ExecuteReader();
            return ValueTask.FromResult(row.Read() ? Read(row) : null);
        }
        finally
        {
            _connections.Readers.Return(connection);
        }
    }

    public void Dispose() => _connections.Dispose();

    private static OutputFeedback Read(SqliteDataReader row) => new(
        row.GetString(0),
        row.GetInt64(1) != 0,
        row.IsDBNull(2) ? null : row.GetString(2),
        SqliteTimestamp.Parse(row.GetString(3)),
        SqliteTimestamp.Parse(row.GetString(4)));
}
