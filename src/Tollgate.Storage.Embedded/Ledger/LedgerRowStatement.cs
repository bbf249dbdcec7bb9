using Microsoft.Data.Sqlite;
using SQLitePCL;
using Tollgate.Core.Ledger;
using Tollgate.Storage.Embedded.Sqlite;

namespace Tollgate.Storage.Embedded.Ledger;

/// <summary>
/// A row-writing statement (<see cref="LedgerTable.Upsert"/> or <see cref="LedgerTable.InsertIfAbsent"/>) prepared
/// once and bound by position straight through SQLite's C API. This is the commit path of every request:
/// binding 37 parameters by name through <see cref="SqliteCommand"/> cost more than the insert itself.
/// </summary>
internal sealed class LedgerRowStatement : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly sqlite3_stmt _statement;

    public LedgerRowStatement(SqliteConnection connection, string sql)
    {
        _connection = connection;
        var rc = raw.sqlite3_prepare_v2(connection.Handle, sql, out _statement);
        Check(rc);
    }

    /// <summary>Writes one entry in the batch <paramref name="commitSeq"/>; returns the rows changed (0 when an insert-if-absent found a row).</summary>
    public int Execute(LedgerEntry entry, long commitSeq)
    {
        try
        {
            Bind(entry);
            Integer(38, commitSeq);
            var rc = raw.sqlite3_step(_statement);
            if (rc != raw.SQLITE_DONE)
            {
                Check(rc);
            }

            return raw.sqlite3_changes(_connection.Handle);
        }
        finally
        {
            raw.sqlite3_reset(_statement);
            raw.sqlite3_clear_bindings(_statement);
        }
    }

    public void Dispose() => _statement.Dispose();

    private void Bind(LedgerEntry entry)
    {
        // Positions follow LedgerTable's column order (1-based).
        Text(1, entry.RequestId);
        Text(2, SqliteTimestamp.Format(entry.Timestamp));
        Text(3, entry.KeyName);
        Text(4, entry.User);
        Text(5, entry.Feature);
        Text(6, entry.Team);
        Text(7, entry.Endpoint);
        Text(8, entry.Provider);
        Text(9, entry.RequestedModel);
        Text(10, entry.ServedModel);
        Integer(11, entry.Stream ? 1 : 0);
        Integer(12, entry.InputTokens);
        Integer(13, entry.CachedInputTokens);
        Integer(14, entry.CacheWriteTokens);
        Integer(15, entry.OutputTokens);
        Text(16, SqliteMoney.ToText(entry.CostUsd));
        Text(17, SqliteMoney.ToText(entry.BaselineCostUsd));
        Text(18, entry.CacheStatus);
        Text(19, entry.Lever);
        Text(20, entry.TaskType);
        Text(21, entry.WorkloadClass);
        Check(raw.sqlite3_bind_double(_statement, 22, entry.LatencyMs));
        if (entry.TimeToFirstTokenMs is { } ttft)
        {
            Check(raw.sqlite3_bind_double(_statement, 23, ttft));
        }
        else
        {
            Check(raw.sqlite3_bind_null(_statement, 23));
        }

        Integer(24, entry.Status);
        Integer(25, entry.Attempts);
        Text(26, entry.ErrorType);
        Text(27, entry.Warning);
        Flag(28, entry.Usable);

        Integer(29, entry.CacheWrite1hTokens);
        Text(30, entry.Tags.IsEmpty ? null : entry.Tags.ToJson());
        Integer(31, entry.OutputCapped ? 1 : 0);
        Text(32, SqliteMoney.ToText(entry.ReservedUsd));
        if (entry.ReservedTokens is { } reservedTokens)
        {
            Integer(33, reservedTokens);
        }
        else
        {
            Check(raw.sqlite3_bind_null(_statement, 33));
        }

        Text(34, SqliteMoney.ToText(entry.ChargedUsd));
        Text(35, entry.AttemptOf);
        Text(36, entry.TaskId);
        Flag(37, entry.Valid);
    }

    private void Flag(int position, bool? value) =>
        Check(value is { } flag ? raw.sqlite3_bind_int64(_statement, position, flag ? 1 : 0) : raw.sqlite3_bind_null(_statement, position));

    private void Text(int position, string? value) =>
        Check(value is null ? raw.sqlite3_bind_null(_statement, position) : raw.sqlite3_bind_text(_statement, position, value));

    private void Integer(int position, long value) => Check(raw.sqlite3_bind_int64(_statement, position, value));

    private void Check(int rc)
    {
        if (rc is not (raw.SQLITE_OK or raw.SQLITE_DONE or raw.SQLITE_ROW))
        {
            throw new SqliteException(raw.sqlite3_errmsg(_connection.Handle).utf8_to_string(), rc, raw.sqlite3_extended_errcode(_connection.Handle));
        }
    }
}
