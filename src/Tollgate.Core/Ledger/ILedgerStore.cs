namespace Tollgate.Core.Ledger;

/// <summary>Where ledger rows live. Implementations must be safe for concurrent use.</summary>
public interface ILedgerStore
{
    /// <summary>
    /// Writes a row, replacing any earlier row with the same <see cref="LedgerEntry.RequestId"/> (a request
    /// is first written as pending, before its upstream call, then settled). The returned task completes
    /// only once the row is durable: it survives a crash of the process. Implementations group concurrent
    /// writes into one commit so durability stays cheap.
    /// </summary>
    ValueTask WriteAsync(LedgerEntry entry, CancellationToken cancellationToken = default);

    /// <summary>
    /// Marks rows still pending from an earlier run (the process died mid-call) as interrupted: status 0,
    /// <see cref="LedgerEntry.ErrorType"/> <c>gateway_interrupted</c>. Returns how many were marked.
    /// </summary>
    ValueTask<int> RecoverInterruptedAsync(CancellationToken cancellationToken = default);

    /// <summary>Returns one row by request id, or null.</summary>
    ValueTask<LedgerEntry?> GetAsync(string requestId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The spend report of the settled rows <paramref name="query"/> covers (pending rows are left out), rows and
    /// totals read from one consistent view of the ledger. See <see cref="SpendReport"/> for its shape.
    /// </summary>
    ValueTask<SpendReport> GetSpendAsync(SpendQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Models of settled rows and attempts recorded with an unknown cost, with their request counts, most requests
    /// first. Whether such a model is still unpriced is for the caller to judge against the current prices.
    /// </summary>
    ValueTask<IReadOnlyList<UnpricedModel>> GetUnpricedModelsAsync(CancellationToken cancellationToken = default);

    /// <summary>Number of rows (for operations and tests).</summary>
    ValueTask<long> CountAsync(CancellationToken cancellationToken = default);
}
