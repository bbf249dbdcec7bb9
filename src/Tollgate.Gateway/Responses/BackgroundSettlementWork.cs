using Tollgate.Core.Responses;

namespace Tollgate.Gateway.Responses;

/// <summary>
/// One thing for <see cref="BackgroundResponseSettlement"/> to act on: a background response newly queued (to follow
/// until it ends), or how one ended, as a client's retrieval through the gateway showed it.
/// </summary>
/// <param name="ResponseId">The response.</param>
/// <param name="Pending">The newly queued response's pending settlement; null for an outcome.</param>
/// <param name="Outcome">How the response ended; null for a newly queued one.</param>
internal sealed record BackgroundSettlementWork(string ResponseId, PendingSettlement? Pending, BackgroundResponseOutcome? Outcome);
