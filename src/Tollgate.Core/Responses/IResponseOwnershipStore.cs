namespace Tollgate.Core.Responses;

/// <summary>
/// Who created each response the provider stores, so that later calls naming it are held to <see cref="ResponseAccess"/>,
/// and what background responses still owe the ledger. Several gateways (processes) may share one store.
/// </summary>
public interface IResponseOwnershipStore
{
    /// <summary>
    /// Records who created a response. Once this completes, <see cref="FindAsync"/> finds it, through this store and any
    /// other on the same data. An id already recorded keeps its first owner: a later call that reports the same id
    /// (a replayed answer) must not take it over.
    /// </summary>
    /// <returns>True when recorded; false when the id already had an owner.</returns>
    /// <exception cref="ArgumentException">The response id or the provider is empty.</exception>
    ValueTask<bool> RecordAsync(ResponseOwner owner, CancellationToken cancellationToken = default);

    /// <summary>Who created the response; null when the gateway never recorded it (or has forgotten or purged it).</summary>
    ValueTask<ResponseOwner?> FindAsync(string responseId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Forgets who created a response, after the provider deleted it. Its pending settlement, if any, stays: the ledger
    /// row is still owed one.
    /// </summary>
    /// <returns>True when a record was removed.</returns>
    ValueTask<bool> ForgetAsync(string responseId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records that a background response's ledger row waits for its final usage. An id already pending keeps its
    /// first record.
    /// </summary>
    /// <returns>True when recorded; false when the id was already pending.</returns>
    /// <exception cref="ArgumentException">The response id or the ledger request id is empty.</exception>
    ValueTask<bool> AddPendingSettlementAsync(PendingSettlement settlement, CancellationToken cancellationToken = default);

    /// <summary>Every pending settlement, oldest first (by creation time, then response id).</summary>
    ValueTask<IReadOnlyList<PendingSettlement>> ListPendingSettlementsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes a pending settlement once its row is settled (or settling is given up). Of several gateways completing the
    /// same one, exactly one gets true.
    /// </summary>
    /// <returns>True when this call removed it.</returns>
    ValueTask<bool> CompletePendingSettlementAsync(string responseId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes ownership records and pending settlements created before <paramref name="createdBefore"/> (one created at
    /// that instant stays); see <see cref="ResponseRetention.Cutoff"/>.
    /// </summary>
    ValueTask<ResponsePurge> PurgeAsync(DateTimeOffset createdBefore, CancellationToken cancellationToken = default);
}
