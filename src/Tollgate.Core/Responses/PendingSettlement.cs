namespace Tollgate.Core.Responses;

/// <summary>
/// A background response whose ledger row is not settled yet: its usage is known only when the provider finishes
/// it, after the creating call has been answered. Kept in the store so settling resumes after a restart.
/// </summary>
/// <param name="ResponseId">The provider's id of the response (<c>resp_…</c>).</param>
/// <param name="LedgerRequestId">The request id of the creating call's ledger row, the row settling completes.</param>
/// <param name="CreatedAt">When the creating call was answered.</param>
public sealed record PendingSettlement(string ResponseId, string LedgerRequestId, DateTimeOffset CreatedAt);
