using Microsoft.Data.Sqlite;
using SQLitePCL;
using Tollgate.Core.Ledger;
using Tollgate.Storage.Embedded.Sqlite;

namespace Tollgate.Storage.Embedded.Ledger.Rollup;

/// <summary>
/// Fills the hourly rollup from the rows a ledger held before it had one (schema steps 15, 16 and 18), in the migration's
/// transaction: every settled row, with its savings and attempt records, is counted by the same code that counts a row
/// as it is written (<see cref="LedgerRollupRow"/>), so the backfill is what writing those rows would have produced.
/// </summary>
internal static class LedgerRollupBackfill
{
    // Buckets summed in memory before they are added to the table: bounds the memory a large ledger takes.
    private const int FlushEvery = 100_000;

    // Every settled row with each of its savings (one result row per saving, or one with NULLs), in primary-key order,
    // so a row's savings come together and no sort is needed.
    private static readonly string SelectRows =
        $"SELECT {LedgerTable.SelectColumns}, s.lever, s.saved_usd FROM ledger l LEFT JOIN ledger_savings s ON s.request_id = l.request_id " +
        "WHERE NOT (l.status = 0 AND l.error_type IS NULL) ORDER BY l.request_id;";

    /// <summary>
    /// Counts every settled row into the rollup's token histogram (schema step 16), replacing what step 15's backfill,
    /// run by this code in the same migration, may have put there: one statement over the rows, bucketed as
    /// <see cref="LedgerRollupRow.TokenBucket"/> buckets them.
    /// </summary>
    public static void RunHistogram(SqliteConnection connection, SqliteTransaction transaction) => Execute(
        connection,
        transaction,
        $"DELETE FROM ledger_rollup WHERE grouping = '{LedgerRollupRow.TokensGrouping}'; " +
        $"INSERT INTO ledger_rollup ({Columns}) " +
        $"SELECT '{LedgerRollupRow.TokensGrouping}', substr(l.timestamp, 1, 13) AS hour, 1, {TokenBucketCase()} AS spend_group, COUNT(*), 0, 0, 0, 0, '0', '0', '0', 0, 0, 0, '0', 0 " +
        $"FROM ledger l WHERE {Settled} GROUP BY hour, spend_group;");

    /// <summary>
    /// Counts the settled rows the rollup holds (at or below its watermark) into its minutes (schema step 18), each
    /// minute's requests and peak cost, replacing what step 15's backfill, run by this code in the same migration, may
    /// have put there; the rows above the watermark join them at the next flush, as they join every bucket.
    /// </summary>
    public static void RunMinutes(SqliteConnection connection, SqliteTransaction transaction) => Execute(
        connection,
        transaction,
        $"DELETE FROM ledger_rollup WHERE grouping = '{LedgerRollupRow.MinuteGrouping}'; " +
        $"INSERT INTO ledger_rollup ({Columns}) " +
        $"SELECT '{LedgerRollupRow.MinuteGrouping}', substr(l.timestamp, 1, 16) AS minute, 0, '', COUNT(*), 0, 0, 0, 0, '0', '0', '0', 0, 0, 0, '0', " +
        $"COALESCE(MAX(CAST(l.cost_usd AS REAL)), 0) FROM ledger l WHERE {Settled} " +
        "AND (l.commit_seq IS NULL OR l.commit_seq <= (SELECT watermark FROM ledger_rollup_state WHERE id = 1)) GROUP BY minute;");

    private const string Columns =
        "grouping, hour, named, spend_group, requests, input_tokens, cached_input_tokens, cache_write_tokens, output_tokens, " +
        "cost_usd, baseline_usd, saved_usd, unpriced, hits, usable, wasted_usd, peak_cost";

    private const string Settled = "NOT (l.status = 0 AND l.error_type IS NULL)";

    // The histogram bucket of a row, named by its lower edge.
    private static string TokenBucketCase()
    {
        var edges = TokenHistogram.Edges;
        var bucket = new System.Text.StringBuilder("CASE");
        for (var i = 1; i < edges.Count; i++)
        {
            bucket.Append(System.Globalization.CultureInfo.InvariantCulture, $" WHEN l.input_tokens + l.output_tokens < {edges[i]} THEN '{edges[i - 1]}'");
        }

        return bucket.Append(System.Globalization.CultureInfo.InvariantCulture, $" ELSE '{edges[^1]}' END").ToString();
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>Counts every settled row of the ledger into <c>ledger_rollup</c> (inside the caller's transaction).</summary>
    public static void Run(SqliteConnection connection, SqliteTransaction transaction)
    {
        SqliteMoney.RegisterAdd(connection);
        var rc = raw.sqlite3_prepare_v2(connection.Handle, LedgerRollupTable.Upsert, out var upsert);
        if (rc != raw.SQLITE_OK)
        {
            throw new SqliteException(raw.sqlite3_errmsg(connection.Handle).utf8_to_string(), rc);
        }

        using (upsert)
        using (var rows = connection.CreateCommand())
        using (var attempts = connection.CreateCommand())
        {
            rows.Transaction = transaction;
            rows.CommandText = SelectRows;
            attempts.Transaction = transaction;
            attempts.CommandText = LedgerTable.SelectAttempts;
            var attemptId = attempts.Parameters.Add(new SqliteParameter("$request_id", DBNull.Value));
            var buckets = new Dictionary<LedgerRollupKey, SpendSums>();
            LedgerEntry? current = null;
            List<LeverSaving>? savings = null;
            using (var reader = rows.ExecuteReader())
            {
                var lever = reader.FieldCount - 2;
                while (reader.Read())
                {
                    var id = reader.GetString(0);
                    if (current is null || !string.Equals(current.RequestId, id, StringComparison.Ordinal))
                    {
                        Count(current, savings);
                        current = LedgerTable.Read(reader);
                        savings = null;
                    }

                    if (!reader.IsDBNull(lever))
                    {
                        (savings ??= []).Add(new LeverSaving(reader.GetString(lever), SqliteMoney.Parse(reader.GetString(lever + 1))));
                    }
                }
            }

            Count(current, savings);
            LedgerRollupWriter.Write(connection, upsert, buckets);

            void Count(LedgerEntry? entry, List<LeverSaving>? rowSavings)
            {
                if (entry is null)
                {
                    return;
                }

                if (rowSavings is not null)
                {
                    entry = entry with { Savings = rowSavings };
                }

                // Only the failed attempts before an answer count as waste: read for the rows that made several.
                if (entry.Attempts > 1)
                {
                    attemptId.Value = entry.RequestId;
                    using var records = attempts.ExecuteReader();
                    entry = entry with { AttemptRecords = LedgerTable.ReadAttempts(records) };
                }

                LedgerRollupRow.AddTo(buckets, entry, 1);
                if (buckets.Count >= FlushEvery)
                {
                    LedgerRollupWriter.Write(connection, upsert, buckets);
                    buckets.Clear();
                }
            }
        }
    }
}
