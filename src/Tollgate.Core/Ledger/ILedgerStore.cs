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

    /// <summary>Sums rows since <paramref name="since"/> (all when null), grouped as asked, largest cost first.</summary>
    ValueTask<IReadOnlyList<SpendRow>> GetSpendAsync(SpendGrouping groupBy, DateTimeOffset? since, CancellationToken cancellationToken = default);

    /// <summary>Number of rows (for operations and tests).</summary>
    ValueTask<long> CountAsync(CancellationToken cancellationToken = default);
}
