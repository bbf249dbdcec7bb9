using Tollgate.Core.Budgets;
using Tollgate.Storage.Embedded.Sqlite;

namespace Tollgate.Storage.Embedded.Budgets;

/// <summary>
/// Budget spend as the ledger recorded it: settled rows at their cost and tokens, and rows a crashed process left
/// pending (marked <c>gateway_interrupted</c> at start) at the reservation written with them. Rows still pending are this
/// process's calls in flight, counted by their reservations in memory, so they are left out. Money is summed exactly.
/// A row a budget charged at another amount than its cost (a cache hit charged back at its baseline) counts at that
/// amount, <c>charged_usd</c>. The calls of a feature, for its unit budget, are counted from the same rows.
/// </summary>
internal sealed class SqliteBudgetSpendHistory : IBudgetSpendHistory, IUnitSpendHistory, IDisposable
{
    private const string Sum = SqliteMoney.SumFunction;

    // A crashed row has no cost and status 0; a settled one has a status. Interrupted rows count at their reservation.
    // An answer a lever made without a call counts only when it was charged back (its tokens were the call's, not its own).
    private const string Select =
        "SELECT COALESCE(served_model, requested_model), " +
        $"{Sum}(CASE WHEN status = 0 THEN reserved_usd ELSE COALESCE(charged_usd, cost_usd) END), " +
        "SUM(CASE WHEN status = 0 THEN COALESCE(reserved_tokens, 0) " +
        "WHEN charged_usd IS NULL AND cache_status IN ('hit', 'semantic-hit', 'coalesced') THEN 0 " +
        "ELSE input_tokens + output_tokens END) " +
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

    // Settled generations that reached the provider or that a lever answered, at their own cost: what a call of the
    // feature costs the business (a hit charged back to a team still cost nothing).
    private const string SelectCalls =
        $"SELECT COUNT(*), {Sum}(cost_usd) FROM ledger WHERE timestamp >= $since AND feature = $feature AND status <> 0 " +
        "AND endpoint IN ('/v1/chat/completions', '/v1/messages', '/v1/responses') " +
        "AND (attempts > 0 OR (cache_status IN ('hit', 'semantic-hit', 'coalesced') AND status BETWEEN 200 AND 299)) " +
        "AND request_id IS NOT $excluded;";

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

    public ValueTask<UnitSpend> CallsSinceAsync(string feature, DateTimeOffset since, string? excludingRequestId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var connection = _readers.Rent();
        try
        {
            var command = connection.Command(SelectCalls, "$since", "$feature", "$excluded");
            command.Parameters[0].Value = SqliteTimestamp.Format(since);
            command.Parameters[1].Value = feature;
            command.Parameters[2].Value = (object?)excludingRequestId ?? DBNull.Value;
            using var rows = command.ExecuteReader();
            return ValueTask.FromResult(rows.Read()
                ? new UnitSpend(rows.GetInt64(0), rows.IsDBNull(1) ? 0m : SqliteMoney.Parse(rows.GetString(1)))
                : default);
        }
        finally
        {
            _readers.Return(connection);
        }
    }

    public void Dispose() => _readers.Dispose();
}
