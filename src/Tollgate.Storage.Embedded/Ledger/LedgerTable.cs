using Microsoft.Data.Sqlite;
using Tollgate.Core.Ledger;
using Tollgate.Storage.Embedded.Sqlite;

namespace Tollgate.Storage.Embedded.Ledger;

/// <summary>The <c>ledger</c> table: its statements and how a row maps to a <see cref="LedgerEntry"/>.</summary>
internal static class LedgerTable
{
    /// <summary>Every column, in the order <see cref="Read"/> and the upsert parameters use.</summary>
    private static readonly string[] Columns =
    [
        "request_id", "timestamp", "key_name", "user", "feature", "team", "endpoint", "provider",
        "requested_model", "served_model", "stream", "input_tokens", "cached_input_tokens", "cache_write_tokens",
        "output_tokens", "cost_usd", "baseline_cost_usd", "cache_status", "lever", "task_type", "workload_class",
        "latency_ms", "time_to_first_token_ms", "status", "attempts", "error_type", "warning", "usable",
    ];

    public static int ColumnCount => Columns.Length;

    public static string ParameterName(int column) => "$" + Columns[column];

    public static readonly string Upsert =
        $"INSERT INTO ledger ({string.Join(", ", Columns)}) VALUES ({string.Join(", ", Columns.Select(c => "$" + c))}) " +
        $"ON CONFLICT (request_id) DO UPDATE SET {string.Join(", ", Columns.Skip(1).Select(c => $"{c} = excluded.{c}"))};";

    public static readonly string InsertIfAbsent =
        $"INSERT INTO ledger ({string.Join(", ", Columns)}) VALUES ({string.Join(", ", Columns.Select(c => "$" + c))}) " +
        "ON CONFLICT (request_id) DO NOTHING;";

    public static readonly string SelectByRequestId =
        $"SELECT {string.Join(", ", Columns)} FROM ledger WHERE request_id = $request_id;";

    public const string Count = "SELECT COUNT(*) FROM ledger;";

    /// <summary>Pending: written before the upstream call and never settled (see <see cref="LedgerEntry.IsPending"/>).</summary>
    public const string RecoverInterrupted =
        "UPDATE ledger SET error_type = 'gateway_interrupted' WHERE status = 0 AND error_type IS NULL;";

    /// <summary>Binds an entry to the upsert parameters, in <see cref="Columns"/> order.</summary>
    public static void Bind(SqliteParameterCollection parameters, LedgerEntry entry)
    {
        parameters[0].Value = entry.RequestId;
        parameters[1].Value = SqliteTimestamp.Format(entry.Timestamp);
        parameters[2].Value = Text(entry.KeyName);
        parameters[3].Value = Text(entry.User);
        parameters[4].Value = Text(entry.Feature);
        parameters[5].Value = Text(entry.Team);
        parameters[6].Value = Text(entry.Endpoint);
        parameters[7].Value = Text(entry.Provider);
        parameters[8].Value = Text(entry.RequestedModel);
        parameters[9].Value = Text(entry.ServedModel);
        parameters[10].Value = Flag(entry.Stream);
        parameters[11].Value = entry.InputTokens;
        parameters[12].Value = entry.CachedInputTokens;
        parameters[13].Value = entry.CacheWriteTokens;
        parameters[14].Value = entry.OutputTokens;
        parameters[15].Value = SqliteMoney.ToParameter(entry.CostUsd);
        parameters[16].Value = SqliteMoney.ToParameter(entry.BaselineCostUsd);
        parameters[17].Value = Text(entry.CacheStatus);
        parameters[18].Value = Text(entry.Lever);
        parameters[19].Value = Text(entry.TaskType);
        parameters[20].Value = Text(entry.WorkloadClass);
        parameters[21].Value = entry.LatencyMs;
        parameters[22].Value = entry.TimeToFirstTokenMs is { } ttft ? ttft : DBNull.Value;
        parameters[23].Value = entry.Status;
        parameters[24].Value = entry.Attempts;
        parameters[25].Value = Text(entry.ErrorType);
        parameters[26].Value = Text(entry.Warning);
        parameters[27].Value = entry.Usable is { } usable ? Flag(usable) : DBNull.Value;
    }

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
    };

    // Cached boxes: the writer binds a flag for every row.
    private static readonly object True = 1L;
    private static readonly object False = 0L;

    private static object Flag(bool value) => value ? True : False;

    private static object Text(string? value) => (object?)value ?? DBNull.Value;

    private static string? NullableText(SqliteDataReader row, int ordinal) => row.IsDBNull(ordinal) ? null : row.GetString(ordinal);
}
