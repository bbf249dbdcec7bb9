namespace Tollgate.Core.Budgets;

/// <summary>The calls of a feature the ledger has recorded, from which unit budget counters start (after a restart, or when a unit budget is added).</summary>
public interface IUnitSpendHistory
{
    /// <summary>
    /// The calls of <paramref name="feature"/> that arrived at or after <paramref name="since"/> and are settled, with
    /// their cost: rows of a generation (chat, messages, responses) that reached the provider or were answered by a lever
    /// (<c>hit</c>, <c>semantic-hit</c>, <c>coalesced</c>, with a 2xx status), each at its own cost, refusals left out. The row of
    /// <paramref name="excludingRequestId"/> is left out too: it is the call being counted when the counter starts.
    /// </summary>
    ValueTask<UnitSpend> CallsSinceAsync(string feature, DateTimeOffset since, string? excludingRequestId, CancellationToken cancellationToken = default);
}
