using Microsoft.Data.Sqlite;
using Tollgate.Core.Exchange;
using Tollgate.Core.Identity;
using Tollgate.Core.Ledger;
using Tollgate.Storage.Embedded.Sqlite;

namespace Tollgate.Storage.Embedded.Ledger;

/// <summary>
/// The <c>ledger</c> table and its detail tables (<c>ledger_savings</c>, <c>ledger_attempts</c>): their statements
/// and how rows map to a <see cref="LedgerEntry"/>.
/// </summary>
internal static class LedgerTable
{
    /// <summary>Every column, in the order <see cref="Read"/> and <see cref="LedgerRowStatement"/>'s positions use.</summary>
    private static readonly string[] Columns =
    [
        "request_id", "timestamp", "key_name", "user", "feature", "team", "endpoint", "provider",
        "requested_model", "served_model", "stream", "input_tokens", "cached_input_tokens", "cache_write_tokens",
        "output_tokens", "cost_usd", "baseline_cost_usd", "cache_status", "lever", "task_type", "workload_class",
        "latency_ms", "time_to_first_token_ms", "status", "attempts", "error_type", "warning", "usable",
        "cache_write_1h_tokens", "tags",
        "output_capped",
        "reserved_usd", "reserved_tokens",
        "charged_usd",
        "attempt_of", "task_id", "valid",
    ];

    /// <summary>Every column of a row aliased <c>l</c>, in <see cref="Read"/>'s order, its usable the applications' last word as <see cref="SelectByRequestId"/> reads it.</summary>
    public static readonly string SelectColumns =
        string.Join(", ", Columns.Select(c => c == "usable" ? "COALESCE((SELECT f.usable FROM feedback f WHERE f.request_id = l.request_id), l.usable)" : "l." + c));

    /// <summary>Writes a row over the one the request has (a rewrite); its commit sequence number (position 38) is the batch's.</summary>
    public static readonly string Upsert =
        $"INSERT INTO ledger ({string.Join(", ", Columns)}, commit_seq) VALUES ({string.Join(", ", Columns.Select(c => "$" + c))}, $commit_seq) " +
        $"ON CONFLICT (request_id) DO UPDATE SET {string.Join(", ", Columns.Skip(1).Select(c => $"{c} = excluded.{c}"))}, commit_seq = excluded.commit_seq;";

    /// <summary>Writes a row unless the request has one; its commit sequence number (position 38) is the batch's.</summary>
    public static readonly string InsertIfAbsent =
        $"INSERT INTO ledger ({string.Join(", ", Columns)}, commit_seq) VALUES ({string.Join(", ", Columns.Select(c => "$" + c))}, $commit_seq) " +
        "ON CONFLICT (request_id) DO NOTHING;";

    /// <summary>A row's commit sequence number and whether it is settled (1) or pending (0); no result when there is no row.</summary>
    public const string SelectCommitState =
        "SELECT commit_seq, NOT (status = 0 AND error_type IS NULL) FROM ledger WHERE request_id = ?1;";

    /// <summary>The largest commit sequence number given (a seek of <c>ledger_commit_seq</c>); NULL before any.</summary>
    public const string SelectLastCommitSeq = "SELECT MAX(commit_seq) FROM ledger;";

    // The row's usable is the applications' last word on it, kept in the feedback table (the ledger's own column predates it).
    public static readonly string SelectByRequestId =
        $"SELECT {string.Join(", ", Columns.Select(c => c == "usable" ? "COALESCE((SELECT f.usable FROM feedback f WHERE f.request_id = ledger.request_id), usable)" : c))} " +
        "FROM ledger WHERE request_id = $request_id;";

    public const string Count = "SELECT COUNT(*) FROM ledger;";

    public const string InsertSaving =
        "INSERT INTO ledger_savings (request_id, lever, position, saved_usd) VALUES ($request_id, $lever, $position, $saved_usd);";

    public const string InsertAttempt =
        "INSERT INTO ledger_attempts (request_id, number, provider, model, status, error_type, input_tokens, cached_input_tokens, " +
        "cache_write_tokens, output_tokens, cost_usd, latency_ms, cache_write_1h_tokens) VALUES ($request_id, $number, $provider, " +
        "$model, $status, $error_type, $input_tokens, $cached_input_tokens, $cache_write_tokens, $output_tokens, $cost_usd, " +
        "$latency_ms, $cache_write_1h_tokens);";

    public const string SelectSavings =
        "SELECT lever, saved_usd FROM ledger_savings WHERE request_id = $request_id ORDER BY position;";

    public const string SelectAttempts =
        "SELECT number, provider, model, status, error_type, input_tokens, cached_input_tokens, cache_write_tokens, output_tokens, " +
        "cost_usd, latency_ms, cache_write_1h_tokens FROM ledger_attempts WHERE request_id = $request_id ORDER BY number;";

    /// <summary>
    /// Models billed on settled rows and attempts with an unknown cost: each model with how many requests (a request
    /// counts once per model, however many of its attempts went there) and when the last arrived, most requests
    /// first. The row half reads the <c>ledger_unknown_cost</c> index.
    /// </summary>
    public const string SelectUnpricedModels =
        "SELECT model, COUNT(DISTINCT request_id), MAX(timestamp) FROM (" +
        "SELECT request_id, COALESCE(served_model, requested_model) AS model, timestamp FROM ledger " +
        "WHERE cost_usd IS NULL AND NOT (status = 0 AND error_type IS NULL) " +
        "UNION ALL SELECT a.request_id, a.model, l.timestamp FROM ledger_attempts a JOIN ledger l ON l.request_id = a.request_id " +
        "WHERE a.cost_usd IS NULL) WHERE model IS NOT NULL GROUP BY model ORDER BY 2 DESC, model;";

    /// <summary>Pending: written before the upstream call and never settled (see <see cref="LedgerEntry.IsPending"/>); they settle in the batch <c>$commit_seq</c>.</summary>
    public const string RecoverInterrupted =
        $"UPDATE ledger SET error_type = '{ErrorTypes.GatewayInterrupted}', commit_seq = $commit_seq WHERE status = 0 AND error_type IS NULL;";

    /// <summary>Reads the row at the reader's position, selected with every column in <see cref="Columns"/> order.</summary>
    public static LedgerEntry Read(SqliteDataReader row) => new()
    {
        RequestId = row.GetString(0),
        Timestamp = SqliteTimestamp.Parse(row.GetString(1)),
        KeyName = NullableText(row, 2),
        User = NullableText(row, 3),
        Feature = NullableText(row, 4),
        Team = NullableText(row, 5),
        Endpoint = row.GetString(6),
        Provider = NullableText(row, 7),
        RequestedModel = NullableText(row, 8),
        ServedModel = NullableText(row, 9),
        Stream = row.GetInt64(10) != 0,
        InputTokens = row.GetInt64(11),
        CachedInputTokens = row.GetInt64(12),
        CacheWriteTokens = row.GetInt64(13),
        OutputTokens = row.GetInt64(14),
        CostUsd = row.IsDBNull(15) ? null : SqliteMoney.Parse(row.GetString(15)),
        BaselineCostUsd = row.IsDBNull(16) ? null : SqliteMoney.Parse(row.GetString(16)),
        CacheStatus = row.GetString(17),
        Lever = NullableText(row, 18),
        TaskType = NullableText(row, 19),
        WorkloadClass = row.GetString(20),
        LatencyMs = row.GetDouble(21),
        TimeToFirstTokenMs = row.IsDBNull(22) ? null : row.GetDouble(22),
        Status = row.GetInt32(23),
        Attempts = row.GetInt32(24),
        ErrorType = NullableText(row, 25),
        Warning = NullableText(row, 26),
        Usable = row.IsDBNull(27) ? null : row.GetInt64(27) != 0,
        CacheWrite1hTokens = row.GetInt64(28),
        Tags = row.IsDBNull(29) ? RequestTags.Empty : RequestTags.FromJson(row.GetString(29)),
        OutputCapped = row.GetInt64(30) != 0,
        ReservedUsd = row.IsDBNull(31) ? null : SqliteMoney.Parse(row.GetString(31)),
        ReservedTokens = row.IsDBNull(32) ? null : row.GetInt64(32),
        ChargedUsd = row.IsDBNull(33) ? null : SqliteMoney.Parse(row.GetString(33)),
        AttemptOf = NullableText(row, 34),
        TaskId = NullableText(row, 35),
        Valid = row.IsDBNull(36) ? null : row.GetInt64(36) != 0,
    };

    /// <summary>Reads every saving a <see cref="SelectSavings"/> reader returns; an empty list when there are none.</summary>
    public static IReadOnlyList<LeverSaving> ReadSavings(SqliteDataReader rows)
    {
        List<LeverSaving>? savings = null;
        while (rows.Read())
        {
            (savings ??= []).Add(new LeverSaving(rows.GetString(0), SqliteMoney.Parse(rows.GetString(1))));
        }

        return savings is null ? [] : savings;
    }

    /// <summary>Reads every attempt a <see cref="SelectAttempts"/> reader returns; an empty list when there are none.</summary>
    public static IReadOnlyList<AttemptRecord> ReadAttempts(SqliteDataReader rows)
    {
        List<AttemptRecord>? attempts = null;
        while (rows.Read())
        {
            (attempts ??= []).Add(new AttemptRecord
            {
                Number = rows.GetInt32(0),
                Provider = NullableText(rows, 1),
                Model = NullableText(rows, 2),
                Status = rows.GetInt32(3),
                ErrorType = NullableText(rows, 4),
                InputTokens = rows.GetInt64(5),
                CachedInputTokens = rows.GetInt64(6),
                CacheWriteTokens = rows.GetInt64(7),
                OutputTokens = rows.GetInt64(8),
                CostUsd = rows.IsDBNull(9) ? null : SqliteMoney.Parse(rows.GetString(9)),
                LatencyMs = rows.GetDouble(10),
                CacheWrite1hTokens = rows.GetInt64(11),
            });
        }

        return attempts is null ? [] : attempts;
    }

    private static string? NullableText(SqliteDataReader row, int ordinal) => row.IsDBNull(ordinal) ? null : row.GetString(ordinal);
}
