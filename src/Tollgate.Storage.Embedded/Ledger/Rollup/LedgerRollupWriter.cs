using Microsoft.Data.Sqlite;
using SQLitePCL;
using Tollgate.Core.Ledger;
using Tollgate.Storage.Embedded.Sqlite;

namespace Tollgate.Storage.Embedded.Ledger.Rollup;

/// <summary>
/// The rollup's statements on the writer connection: its watermark, the commit sequence numbers, the rows as written
/// (read back only when one is rewritten, when pending rows settle at start, and when the rows above the watermark are
/// folded in), and the upsert that adds buckets to the table. Runs inside the caller's transaction.
/// </summary>
internal sealed class LedgerRollupWriter : IDisposable
{
    private const string SelectPending = "SELECT request_id FROM ledger WHERE status = 0 AND error_type IS NULL;";
    private const string SelectAbove = "SELECT request_id FROM ledger WHERE commit_seq > $watermark;";
    private const string SelectWatermark = "SELECT watermark FROM ledger_rollup_state WHERE id = 1;";
    private const string UpdateWatermark = "UPDATE ledger_rollup_state SET watermark = ?1 WHERE id = 1;";

    private readonly SqliteConnection _connection;
    private readonly sqlite3_stmt _upsert;
    private readonly sqlite3_stmt _commitState;
    private readonly sqlite3_stmt _lastCommitSeq;
    private readonly sqlite3_stmt _watermark;
    private readonly sqlite3_stmt _setWatermark;
    private readonly SqliteCommand _selectRow;
    private readonly SqliteCommand _selectSavings;
    private readonly SqliteCommand _selectAttempts;
    private readonly SqliteCommand _selectPending;
    private readonly SqliteCommand _selectAbove;

    public LedgerRollupWriter(SqliteConnection connection)
    {
        _connection = connection;
        SqliteMoney.RegisterAdd(connection);
        _upsert = Prepare(LedgerRollupTable.Upsert);
        _commitState = Prepare(LedgerTable.SelectCommitState);
        _lastCommitSeq = Prepare(LedgerTable.SelectLastCommitSeq);
        _watermark = Prepare(SelectWatermark);
        _setWatermark = Prepare(UpdateWatermark);
        _selectRow = Command(LedgerTable.SelectByRequestId, "$request_id");
        _selectSavings = Command(LedgerTable.SelectSavings, "$request_id");
        _selectAttempts = Command(LedgerTable.SelectAttempts, "$request_id");
        _selectPending = Command(SelectPending);
        _selectAbove = Command(SelectAbove, "$watermark");
    }

    /// <summary>The largest commit sequence number in the ledger; 0 before any.</summary>
    public long LastCommitSeq() => Scalar(_lastCommitSeq) ?? 0;

    /// <summary>Up to which commit sequence number the rollup holds the rows.</summary>
    public long Watermark() => Scalar(_watermark) ?? 0;

    public void SetWatermark(long watermark)
    {
        try
        {
            Check(raw.sqlite3_bind_int64(_setWatermark, 1, watermark));
            Check(raw.sqlite3_step(_setWatermark));
        }
        finally
        {
            raw.sqlite3_reset(_setWatermark);
            raw.sqlite3_clear_bindings(_setWatermark);
        }
    }

    /// <summary>The row's commit sequence number (null for a row written before there were any) and whether it is settled; null when there is no row.</summary>
    public (long? CommitSeq, bool Settled)? CommitState(string requestId)
    {
        try
        {
            Check(raw.sqlite3_bind_text(_commitState, 1, requestId));
            var rc = raw.sqlite3_step(_commitState);
            if (rc == raw.SQLITE_DONE)
            {
                return null;
            }

            Check(rc);
            long? seq = raw.sqlite3_column_type(_commitState, 0) == raw.SQLITE_NULL ? null : raw.sqlite3_column_int64(_commitState, 0);
            return (seq, raw.sqlite3_column_int64(_commitState, 1) != 0);
        }
        finally
        {
            raw.sqlite3_reset(_commitState);
            raw.sqlite3_clear_bindings(_commitState);
        }
    }

    /// <summary>The rows still pending, read whole (the interrupted ones settle at start).</summary>
    public List<LedgerEntry> PendingRows() => ReadAll(_selectPending);

    /// <summary>Adds every row above <paramref name="watermark"/> to <paramref name="buckets"/>, as it stands.</summary>
    public void Fold(long watermark, Dictionary<LedgerRollupKey, SpendSums> buckets)
    {
        _selectAbove.Parameters[0].Value = watermark;
        foreach (var row in ReadAll(_selectAbove))
        {
            LedgerRollupRow.AddTo(buckets, row, 1);
        }
    }

    /// <summary>Adds <paramref name="buckets"/> to the table.</summary>
    public void Write(Dictionary<LedgerRollupKey, SpendSums> buckets) => Write(_connection, _upsert, buckets);

    /// <summary>Adds <paramref name="buckets"/> to the table through a prepared <see cref="LedgerRollupTable.Upsert"/>.</summary>
    public static void Write(SqliteConnection connection, sqlite3_stmt upsert, Dictionary<LedgerRollupKey, SpendSums> buckets)
    {
        foreach (var (key, sums) in buckets)
        {
            try
            {
                Bind(connection, upsert, key, sums);
                var rc = raw.sqlite3_step(upsert);
                if (rc != raw.SQLITE_DONE)
                {
                    throw Error(connection, rc);
                }
            }
            finally
            {
                raw.sqlite3_reset(upsert);
                raw.sqlite3_clear_bindings(upsert);
            }
        }
    }

    /// <summary>The row as written, with its savings and attempt records; null when there is none.</summary>
    public LedgerEntry? Read(string requestId)
    {
        LedgerEntry entry;
        _selectRow.Parameters[0].Value = requestId;
        using (var row = _selectRow.ExecuteReader())
        {
            if (!row.Read())
            {
                return null;
            }

            entry = LedgerTable.Read(row);
        }

        _selectSavings.Parameters[0].Value = requestId;
        using (var rows = _selectSavings.ExecuteReader())
        {
            entry = entry with { Savings = LedgerTable.ReadSavings(rows) };
        }

        _selectAttempts.Parameters[0].Value = requestId;
        using (var rows = _selectAttempts.ExecuteReader())
        {
            return entry with { AttemptRecords = LedgerTable.ReadAttempts(rows) };
        }
    }

    public void Dispose()
    {
        _upsert.Dispose();
        _commitState.Dispose();
        _lastCommitSeq.Dispose();
        _watermark.Dispose();
        _setWatermark.Dispose();
        _selectRow.Dispose();
        _selectSavings.Dispose();
        _selectAttempts.Dispose();
        _selectPending.Dispose();
        _selectAbove.Dispose();
    }

    private List<LedgerEntry> ReadAll(SqliteCommand selectIds)
    {
        var ids = new List<string>();
        using (var reader = selectIds.ExecuteReader())
        {
            while (reader.Read())
            {
                ids.Add(reader.GetString(0));
            }
        }

        var rows = new List<LedgerEntry>(ids.Count);
        foreach (var id in ids)
        {
            rows.Add(Read(id)!);
        }

        return rows;
    }

    private long? Scalar(sqlite3_stmt statement)
    {
        try
        {
            var rc = raw.sqlite3_step(statement);
            if (rc == raw.SQLITE_DONE)
            {
                return null;
            }

            Check(rc);
            return raw.sqlite3_column_type(statement, 0) == raw.SQLITE_NULL ? null : raw.sqlite3_column_int64(statement, 0);
        }
        finally
        {
            raw.sqlite3_reset(statement);
        }
    }

    private static void Bind(SqliteConnection connection, sqlite3_stmt statement, LedgerRollupKey key, SpendSums sums)
    {
        void Text(int position, string value) => Check(connection, raw.sqlite3_bind_text(statement, position, value));
        void Integer(int position, long value) => Check(connection, raw.sqlite3_bind_int64(statement, position, value));

        Text(1, key.Grouping);
        Text(2, key.Hour);
        Integer(3, key.Group is null ? 0 : 1);
        Text(4, key.Group ?? string.Empty);
        Integer(5, sums.Requests);
        Integer(6, sums.InputTokens);
        Integer(7, sums.CachedInputTokens);
        Integer(8, sums.CacheWriteTokens);
        Integer(9, sums.OutputTokens);
        Text(10, SqliteMoney.ToText(sums.Cost)!);
        Text(11, SqliteMoney.ToText(sums.Baseline)!);
        Text(12, SqliteMoney.ToText(sums.Saving)!);
        Integer(13, sums.Unpriced);
        Integer(14, sums.Hits);
        Integer(15, sums.UsableOutputs);
        Text(16, SqliteMoney.ToText(sums.Wasted)!);
        if (sums.Peak == 0m)
        {
            Integer(17, 0);
        }
        else
        {
            Text(17, SqliteMoney.ToText(sums.Peak)!);
        }
    }

    private SqliteCommand Command(string sql, params ReadOnlySpan<string> parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter(name, DBNull.Value));
        }

        return command;
    }

    private sqlite3_stmt Prepare(string sql)
    {
        var rc = raw.sqlite3_prepare_v2(_connection.Handle, sql, out var statement);
        return rc == raw.SQLITE_OK ? statement : throw Error(_connection, rc);
    }

    private void Check(int rc) => Check(_connection, rc);

    private static void Check(SqliteConnection connection, int rc)
    {
        if (rc is not (raw.SQLITE_OK or raw.SQLITE_DONE or raw.SQLITE_ROW))
        {
            throw Error(connection, rc);
        }
    }

    private static SqliteException Error(SqliteConnection connection, int rc) =>
        new(raw.sqlite3_errmsg(connection.Handle).utf8_to_string(), rc, raw.sqlite3_extended_errcode(connection.Handle));
}
