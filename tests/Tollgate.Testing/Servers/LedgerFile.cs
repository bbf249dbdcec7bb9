using Microsoft.Data.Sqlite;
using Tollgate.Storage.Embedded;

namespace Tollgate.Testing.Servers;

/// <summary>
/// Read-only looks into a gateway's <c>tollgate.db</c> while the gateway runs, for what its HTTP surface does
/// not show: requests still in flight (pending rows are in no spend report, and a stream's request id is
/// unknown until its first byte).
/// </summary>
public static class LedgerFile
{
    /// <summary>How many settled rows the table holds (calls still in flight are in the intent journal, not the table).</summary>
    public static Task<long> CountRowsAsync(string dataDirectory) => CountAsync(dataDirectory, "SELECT COUNT(*) FROM ledger");

    private static async Task<long> CountAsync(string dataDirectory, string sql)
    {
        var path = Path.Combine(dataDirectory, EmbeddedStorage.DatabaseFileName);
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
