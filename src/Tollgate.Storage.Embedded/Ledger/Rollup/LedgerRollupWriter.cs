using Microsoft.Data.Sqlite;
using SQLitePCL;
using Tollgate.Core.Ledger;
using Tollgate.Storage.Embedded.Sqlite;

namespace Tollgate.Storage.Embedded.Ledger.Rollup;

/// <summary>
/// Keeps the hourly rollup in step with the rows a batch writes, in the batch's own transaction: what each settled row
/// adds is summed per bucket in memory as the batch is applied (a row rewritten after it settled is taken back as it
/// was first), and the buckets are added to the table just before the commit, one statement per bucket, so a crash
/// can never keep the rows without their sums or the sums without their rows.
/// </summary>
internal sealed class LedgerRollupWriter : IDisposable
{
    // The state of a row about to be written: only a settled one counts already and has to be taken back.
    private const string SelectSettled =
        "SELECT 1 FROM ledger WHERE request_id = ?1 AND NOT (status = 0 AND error_type IS NULL);";

    private const string SelectPending = "SELECT request_id FROM ledger WHERE status = 0 AND error_type IS NULL;";

    private readonly SqliteConnection _connection;
    private readonly sqlite3_stmt _upsert;
    private readonly sqlite3_stmt _selectSettled;
    private readonly SqliteCommand _selectRow;
    private readonly SqliteCommand _selectSavings;
    private readonly SqliteCommand _selectAttempts;
    private readonly SqliteCommand _selectPending;
    private readonly Dictionary<LedgerRollupKey, SpendSums> _buckets = [];

    public LedgerRollupWriter(SqliteConnection connection)
    {
        _connection = connection;
        SqliteMoney.RegisterAdd(connection);
        _upsert = Prepare(LedgerRollupTable.Upsert);
        _selectSettled = Prepare(SelectSettled);
        _selectRow = Command(LedgerTable.SelectByRequestId);
        _selectSavings = Command(LedgerTable.SelectSavings);
        _selectAttempts = Command(LedgerTable.SelectAttempts);
        _selectPending = connection.CreateCommand();
        _selectPending.CommandText = SelectPending;
    }

    /// <summary>Forgets what an earlier batch left (a batch that failed before its commit).</summary>
    public void Begin() => _buckets.Clear();

    /// <summary>The row as written so far, when it is settled (it counts in the rollup); read before it is rewritten.</summary>
    public LedgerEntry? SettledRow(string requestId)
    {
        try
        {
            Check(raw.sqlite3_bind_text(_selectSettled, 1, requestId));
            var rc = raw.sqlite3_step(_selectSettled);
            if (rc == raw.SQLITE_DONE)
            {
                return null;
            }

            Check(rc);
        }
        finally
        {
            raw.sqlite3_reset(_selectSettled);
            raw.sqlite3_clear_bindings(_selectSettled);
        }

        return Read(requestId);
    }

    /// <summary>The rows still pending, read whole (the interrupted ones settle at start).</summary>
    public List<LedgerEntry> PendingRows()
    {
        var ids = new List<string>();
        using (var reader = _selectPending.ExecuteReader())
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

    /// <summary>Counts a row the batch wrote (<paramref name="sign"/> 1) or takes back the row it replaced (−1).</summary>
    public void Count(LedgerEntry entry, int sign) => LedgerRollupRow.AddTo(_buckets, entry, sign);

    /// <summary>Adds the batch's buckets to the table, in the batch's transaction.</summary>
    public void Flush()
    {
        Write(_connection, _upsert, _buckets);
        _buckets.Clear();
    }

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

    public void Dispose()
    {
        _upsert.Dispose();
        _selectSettled.Dispose();
        _selectRow.Dispose();
        _selectSavings.Dispose();
        _selectAttempts.Dispose();
        _selectPending.Dispose();
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
    }

    private LedgerEntry? Read(string requestId)
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

    private SqliteCommand Command(string sql)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.Add(new SqliteParameter("$request_id", DBNull.Value));
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
