using Microsoft.Data.Sqlite;
using Tollgate.Storage.Embedded;

namespace Tollgate.Testing.Servers;

/// <summary>
/// Read-only looks into a gateway's <c>tollgate.db</c> while the gateway runs, for what its HTTP surface does
/// not show: requests still in flight (pending rows are not in spend reports).
/// </summary>
public static class LedgerFile
{
    /// <summary>How many rows are pending (written before the upstream call, not settled yet).</summary>
    public static async Task<long> CountPendingAsync(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, EmbeddedStorage.DatabaseFileName);
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM ledger WHERE status = 0 AND error_type IS NULL";
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
