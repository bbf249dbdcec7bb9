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
    /// Writes a settled row, as <see cref="WriteAsync(LedgerEntry, CancellationToken)"/> does, with the durability
    /// <paramref name="durability"/> asks for when the returned task completes: with
    /// <see cref="LedgerDurability.ProcessCrashSafe"/> the row survives a crash of the process and every read of this
    /// store (<see cref="GetAsync"/>, <see cref="GetSpendAsync"/>, <see cref="GetUnpricedModelsAsync"/>,
    /// <see cref="CountAsync"/>) sees it from then on, while its commit may come later: another store on the same data
    /// (another process) sees it once committed, and disposing this store commits it. Recovery at the next start
    /// (<see cref="RecoverInterruptedAsync"/>) keeps such a row as written should the process die before its commit.
    /// A store may always give more than is asked: this default commits the row.
    /// </summary>
    ValueTask WriteAsync(LedgerEntry entry, LedgerDurability durability, CancellationToken cancellationToken = default) =>
        WriteAsync(entry, cancellationToken);

    /// <summary>
    /// Marks rows still pending from an earlier run (the process died mid-call) as interrupted: status 0,
    /// <see cref="LedgerEntry.ErrorType"/> <c>gateway_interrupted</c>, and keeps as written the settled rows an earlier
    /// run wrote <see cref="LedgerDurability.ProcessCrashSafe"/> and did not commit. Returns how many were marked.
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

    /// <summary>
    /// The costliest settled requests between <paramref name="since"/> (inclusive) and <paramref name="until"/>
    /// (exclusive), costliest first; their savings and attempt records may be left out (<see cref="GetAsync"/> reads them).
    /// </summary>
    ValueTask<IReadOnlyList<LedgerEntry>> GetCostliestAsync(DateTimeOffset since, DateTimeOffset until, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Spend over time (see <see cref="SpendTimeline"/>): the settled rows <paramref name="query"/> covers, summed per
    /// time bucket and group.
    /// </summary>
    ValueTask<SpendTimeline> GetSpendTimelineAsync(SpendTimelineQuery query, CancellationToken cancellationToken = default);

    /// <summary>Tokens per request (input + output) of the settled rows in [<paramref name="since"/>, <paramref name="until"/>), as <see cref="TokenHistogram"/> buckets.</summary>
    ValueTask<TokenHistogram> GetTokenHistogramAsync(DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken = default);

    /// <summary>Number of rows (for operations and tests).</summary>
    ValueTask<long> CountAsync(CancellationToken cancellationToken = default);
}
