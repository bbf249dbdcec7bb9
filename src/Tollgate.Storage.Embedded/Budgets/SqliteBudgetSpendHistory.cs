using Tollgate.Core.Budgets;
using Tollgate.Storage.Embedded.Sqlite;

namespace Tollgate.Storage.Embedded.Budgets;

/// <summary>
/// Budget spend as the ledger recorded it: settled rows at their cost and tokens, and rows a crashed process left
/// pending (marked <c>gateway_interrupted</c> at start) at the reservation written with them. Rows still pending are this
/// process's calls in flight, counted by their reservations in memory, so they are left out. Money is summed exactly.
/// </summary>
internal sealed class SqliteBudgetSpendHistory : IBudgetSpendHistory, IDisposable
{
    private const string Sum = SqliteMoney.SumFunction;

    // A crashed row has no cost and status 0; a settled one has a status. Interrupted rows count at their reservation.
    private const string Select =
        "SELECT COALESCE(served_model, requested_model), " +
        $"{Sum}(CASE WHEN status = 0 THEN reserved_usd ELSE cost_usd END), " +
        "SUM(CASE WHEN status = 0 THEN COALESCE(reserved_tokens, 0) ELSE input_tokens + output_tokens END) " +
        "FROM ledger WHERE timestamp >= $since AND NOT (status = 0 AND error_type IS NULL)";

    private static readonly string[] Statements =
    [
        Select + " GROUP BY 1;",
        Select + " AND team = $value GROUP BY 1;",
        Select + " AND feature = $value GROUP BY 1;",
        Select + " AND user = $value GROUP BY 1;",
        Select + " AND key_name = $value GROUP BY 1;",

        // The tag's value in the row's JSON object of tags (keys lower-case, as the scope holds them).
        Select + " AND json_extract(tags, '$.\"' || $key || '\"') = $value GROUP BY 1;",
    ];

    private readonly SqliteReadPool _readers;

    public SqliteBudgetSpendHistory(SqliteDatabase database) => _readers = new SqliteReadPool(database);

    public ValueTask<IReadOnlyList<BudgetSpendByModel>> SpentSinceAsync(BudgetScope scope, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var connection = _readers.Rent();
        try
        {
            var tag = scope.Kind == BudgetScopeKind.Tag;
            var command = tag
                ? connection.Command(Statements[(int)scope.Kind], "$since", "$value", "$key")
                : connection.Command(Statements[(int)scope.Kind], "$since", "$value");
            command.Parameters[0].Value = SqliteTimestamp.Format(since);
            if (tag)
            {
                // key=value, the key lower-case (BudgetScope.TryParse).
                var equals = scope.Value!.IndexOf('=', StringComparison.Ordinal);
                command.Parameters[1].Value = scope.Value[(equals + 1)..];
                command.Parameters[2].Value = scope.Value[..equals];
            }
            else
            {
                command.Parameters[1].Value = (object?)scope.Value ?? DBNull.Value;
            }
            var spent = new List<BudgetSpendByModel>();
            using var rows = command.ExecuteReader();
            while (rows.Read())
            {
                var usd = rows.IsDBNull(1) ? 0m : SqliteMoney.Parse(rows.GetString(1));
                var tokens = rows.IsDBNull(2) ? 0L : rows.GetInt64(2);
                spent.Add(new BudgetSpendByModel(rows.IsDBNull(0) ? null : rows.GetString(0), new BudgetCharge(usd, tokens)));
            }

            return ValueTask.FromResult<IReadOnlyList<BudgetSpendByModel>>(spent);
        }
        finally
        {
            _readers.Return(connection);
        }
    }

    public void Dispose() => _readers.Dispose();
}
