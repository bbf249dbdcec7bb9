using System.Text.Json;
using Microsoft.Data.Sqlite;
using Tollgate.Core.Budgets;
using Tollgate.Storage.Embedded.Sqlite;

namespace Tollgate.Storage.Embedded.Budgets;

/// <summary>
/// Budget definitions and top-ups in the tables <c>budgets</c> and <c>budget_topups</c> of the ledger's database. Writes
/// are rare (an administrator's change) and each is one statement on this store's own connection; callers take turns on
/// it asynchronously. Reads use pooled read connections beside the writer.
/// </summary>
internal sealed class SqliteBudgetStore : IBudgetStore, IDisposable
{
    private const string Upsert =
        "INSERT INTO budgets (id, definition, updated_at) VALUES ($id, $definition, $updated_at) " +
        "ON CONFLICT (id) DO UPDATE SET definition = excluded.definition, updated_at = excluded.updated_at;";
    private const string Delete = "DELETE FROM budgets WHERE id = $id;";
    private const string DeleteTopUps = "DELETE FROM budget_topups WHERE id = $id;";
    private const string SelectAll = "SELECT b.id, b.definition, t.total_usd FROM budgets b LEFT JOIN budget_topups t ON t.id = b.id ORDER BY b.id;";
    private const string SelectOne = "SELECT b.id, b.definition, t.total_usd FROM budgets b LEFT JOIN budget_topups t ON t.id = b.id WHERE b.id = $id;";
    private const string SelectTopUps = "SELECT id, total_usd FROM budget_topups;";
    private const string SelectTopUp = "SELECT total_usd FROM budget_topups WHERE id = $id;";
    private const string WriteTopUp =
        "INSERT INTO budget_topups (id, total_usd) VALUES ($id, $total_usd) ON CONFLICT (id) DO UPDATE SET total_usd = excluded.total_usd;";

    private readonly SqliteStoreConnections _connections;
    private readonly TimeProvider _time;

    public SqliteBudgetStore(SqliteDatabase database, TimeProvider time)
    {
        _connections = new SqliteStoreConnections(database);
        _time = time;
    }

    public ValueTask<IReadOnlyList<BudgetDefinition>> ListAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var connection = _connections.Readers.Rent();
        try
        {
            var budgets = new List<BudgetDefinition>();
            using var rows = connection.Command(SelectAll).ExecuteReader();
            while (rows.Read())
            {
                budgets.Add(ReadDefinition(rows));
            }

            return ValueTask.FromResult<IReadOnlyList<BudgetDefinition>>(budgets);
        }
        finally
        {
            _connections.Readers.Return(connection);
        }
    }

    public ValueTask<BudgetDefinition?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        cancellationToken.ThrowIfCancellationRequested();
        var connection = _connections.Readers.Rent();
        try
        {
            var command = connection.Command(SelectOne, "$id");
            command.Parameters[0].Value = id;
            using var row = command.ExecuteReader();
            return ValueTask.FromResult(row.Read() ? ReadDefinition(row) : null);
        }
        finally
        {
            _connections.Readers.Return(connection);
        }
    }

    public async ValueTask PutAsync(BudgetDefinition budget, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(budget);
        var document = JsonSerializer.Serialize(BudgetDocument.From(budget), BudgetJsonContext.Default.BudgetDocument);
        await _connections.Writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var command = _connections.WriteCommand(Upsert, "$id", "$definition", "$updated_at");
            command.Parameters[0].Value = budget.Id;
            command.Parameters[1].Value = document;
            command.Parameters[2].Value = SqliteTimestamp.Format(_time.GetUtcNow());
            command.ExecuteNonQuery();
        }
        finally
        {
            _connections.Writer.Release();
        }
    }

    public async ValueTask<bool> DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        await _connections.Writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var transaction = _connections.WriteConnection.BeginTransaction();
            var delete = _connections.WriteCommand(Delete, "$id");
            delete.Transaction = transaction;
            delete.Parameters[0].Value = id;
            var removed = delete.ExecuteNonQuery() > 0;
            if (removed)
            {
                var topUps = _connections.WriteCommand(DeleteTopUps, "$id");
                topUps.Transaction = transaction;
                topUps.Parameters[0].Value = id;
                topUps.ExecuteNonQuery();
            }

            transaction.Commit();
            return removed;
        }
        finally
        {
            _connections.Writer.Release();
        }
    }

    public async ValueTask<decimal> TopUpAsync(string id, decimal amountUsd, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amountUsd);
        await _connections.Writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Read and write under the writer's turn and one transaction: two top-ups at once both count.
            using var transaction = _connections.WriteConnection.BeginTransaction();
            var read = _connections.WriteCommand(SelectTopUp, "$id");
            read.Transaction = transaction;
            read.Parameters[0].Value = id;
            var total = (read.ExecuteScalar() is string text ? SqliteMoney.Parse(text) : 0m) + amountUsd;
            var write = _connections.WriteCommand(WriteTopUp, "$id", "$total_usd");
            write.Transaction = transaction;
            write.Parameters[0].Value = id;
            write.Parameters[1].Value = SqliteMoney.ToText(total);
            write.ExecuteNonQuery();
            transaction.Commit();
            return total;
        }
        finally
        {
            _connections.Writer.Release();
        }
    }

    public ValueTask<IReadOnlyDictionary<string, decimal>> GetTopUpsAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var connection = _connections.Readers.Rent();
        try
        {
            var topUps = new Dictionary<string, decimal>(StringComparer.Ordinal);
            using var rows = connection.Command(SelectTopUps).ExecuteReader();
            while (rows.Read())
            {
                topUps[rows.GetString(0)] = SqliteMoney.Parse(rows.GetString(1));
            }

            return ValueTask.FromResult<IReadOnlyDictionary<string, decimal>>(topUps);
        }
        finally
        {
            _connections.Readers.Return(connection);
        }
    }

    public void Dispose() => _connections.Dispose();

    private static BudgetDefinition ReadDefinition(SqliteDataReader row)
    {
        var id = row.GetString(0);
        var document = JsonSerializer.Deserialize(row.GetString(1), BudgetJsonContext.Default.BudgetDocument)
            ?? throw new InvalidOperationException($"The stored budget \"{id}\" is JSON null.");
        var definition = document.ToDefinition(id, out var problems)
            ?? throw new InvalidOperationException($"The stored budget \"{id}\" is no longer valid: {string.Join("; ", problems)}.");
        return row.IsDBNull(2) ? definition : definition with { TopUpUsd = SqliteMoney.Parse(row.GetString(2)) };
    }
}
