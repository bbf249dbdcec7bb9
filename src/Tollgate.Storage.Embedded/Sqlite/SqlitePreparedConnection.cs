using Microsoft.Data.Sqlite;

namespace Tollgate.Storage.Embedded.Sqlite;

/// <summary>
/// A connection with its commands kept prepared: a command's statement is compiled once per connection and only
/// rebound afterwards, which keeps hot lookups (a key by its hash, a row by id) and a store's repeated writes cheap.
/// Read pools hold them, and a store's single writer holds one.
/// </summary>
internal sealed class SqlitePreparedConnection : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    public SqlitePreparedConnection(SqliteConnection connection) => _connection = connection;

    /// <summary>The prepared command for <paramref name="sql"/>, with the named parameters declared on first use.</summary>
    public SqliteCommand Command(string sql, params ReadOnlySpan<string> parameterNames)
    {
        if (_commands.TryGetValue(sql, out var command))
        {
            return command;
        }

        command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameterNames)
        {
            command.Parameters.Add(new SqliteParameter(name, DBNull.Value));
        }

        _commands.Add(sql, command);
        return command;
    }

    /// <summary>Starts a transaction on the connection; its commands join it by their <c>Transaction</c>.</summary>
    public SqliteTransaction BeginTransaction() => _connection.BeginTransaction();

    public void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
        _connection.Dispose();
    }
}
