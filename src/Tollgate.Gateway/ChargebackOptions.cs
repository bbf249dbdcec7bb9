namespace Tollgate.Gateway;

/// <summary>
/// Whether answers made without a provider call count against budgets (<c>Tollgate:Chargeback</c>, and a feature's own
/// <c>Tollgate:Features:NAME:Chargeback</c>, whose value replaces it). Read per request.
/// </summary>
public sealed class ChargebackOptions
{
    /// <summary>
    /// When true, a cache hit (exact or semantic) and a coalesced waiter are charged against every budget that applies at
    /// the price the call would have cost (its baseline), and refused with 402 like any call when that does not fit; the
    /// ledger row still costs 0 and names its lever. Unset: false, where a hit costs nothing and is served even when a
    /// budget is spent.
    /// </summary>
    public bool? CacheHits { get; set; }
}
