namespace Tollgate.Core.Responses;

/// <summary>What one <see cref="IResponseOwnershipStore.PurgeAsync"/> removed.</summary>
/// <param name="Owners">Ownership records removed.</param>
/// <param name="PendingSettlements">
/// Pending settlements removed: background responses that never settled within the retention, whose rows stay as
/// they were (the provider no longer keeps the response, so its usage cannot be learned any more).
/// </param>
public readonly record struct ResponsePurge(long Owners, long PendingSettlements);
