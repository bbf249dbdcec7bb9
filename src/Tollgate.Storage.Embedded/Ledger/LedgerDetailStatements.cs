using Microsoft.Data.Sqlite;
using SQLitePCL;
using Tollgate.Core.Ledger;
using Tollgate.Storage.Embedded.Sqlite;

namespace Tollgate.Storage.Embedded.Ledger;

/// <summary>
/// Writes a row's savings and attempt records into <c>ledger_savings</c> and <c>ledger_attempts</c>, with
/// statements prepared once and bound by position through SQLite's C API, as <see cref="LedgerRowStatement"/> does.
/// Only rows that have either come here; the caller wraps row and details in one savepoint.
/// </summary>
internal sealed class LedgerDetailStatements : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly sqlite3_stmt _saving;
    private readonly sqlite3_stmt _attempt;

    public LedgerDetailStatements(SqliteConnection connection)
    {
        _connection = connection;
        _saving = Prepare(LedgerTable.InsertSaving);
        _attempt = Prepare(LedgerTable.InsertAttempt);
    }

    /// <summary>Whether <paramref name="entry"/> has anything for the detail tables.</summary>
    public static bool Has(LedgerEntry entry) => entry.Savings.Count != 0 || entry.AttemptRecords.Count != 0;

    public void Write(LedgerEntry entry)
    {
        var savings = entry.Savings;
        for (var i = 0; i < savings.Count; i++)
        {
            var saving = savings[i];
            // Positions follow LedgerTable.InsertSaving (1-based).
            Text(_saving, 1, entry.RequestId);
            Text(_saving, 2, saving.Lever);
            Integer(_saving, 3, i);
            Text(_saving, 4, SqliteMoney.ToText(saving.SavedUsd));
            Step(_saving);
        }

        foreach (var attempt in entry.AttemptRecords)
        {
            // Positions follow LedgerTable.InsertAttempt (1-based).
            Text(_attempt, 1, entry.RequestId);
            Integer(_attempt, 2, attempt.Number);
            Text(_attempt, 3, attempt.Provider);
            Text(_attempt, 4, attempt.Model);
            Integer(_attempt, 5, attempt.Status);
            Text(_attempt, 6, attempt.ErrorType);
            Integer(_attempt, 7, attempt.InputTokens);
            Integer(_attempt, 8, attempt.CachedInputTokens);
            Integer(_attempt, 9, attempt.CacheWriteTokens);
            Integer(_attempt, 10, attempt.OutputTokens);
            Text(_attempt, 11, SqliteMoney.ToText(attempt.CostUsd));
            Check(raw.sqlite3_bind_double(_attempt, 12, attempt.LatencyMs));
            Integer(_attempt, 13, attempt.CacheWrite1hTokens);
            Step(_attempt);
        }
    }

    public void Dispose()
    {
        _saving.Dispose();
        _attempt.Dispose();
    }

    private void Step(sqlite3_stmt statement)
    {
        try
        {
            var rc = raw.sqlite3_step(statement);
            if (rc != raw.SQLITE_DONE)
            {
                Check(rc);
            }
        }
        finally
        {
            raw.sqlite3_reset(statement);
            raw.sqlite3_clear_bindings(statement);
        }
    }

    private void Text(sqlite3_stmt statement, int position, string? value) =>
        Check(value is null ? raw.sqlite3_bind_null(statement, position) : raw.sqlite3_bind_text(statement, position, value));

    private void Integer(sqlite3_stmt statement, int position, long value) => Check(raw.sqlite3_bind_int64(statement, position, value));

    private sqlite3_stmt Prepare(string sql)
    {
        Check(raw.sqlite3_prepare_v2(_connection.Handle, sql, out var statement));
        return statement;
    }

    private void Check(int rc)
    {
        if (rc is not (raw.SQLITE_OK or raw.SQLITE_DONE or raw.SQLITE_ROW))
        {
            throw new SqliteException(raw.sqlite3_errmsg(_connection.Handle).utf8_to_string(), rc, raw.sqlite3_extended_errcode(_connection.Handle));
        }
    }
}
