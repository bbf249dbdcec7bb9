namespace Tollgate.Core.Exchange;

public abstract partial class ExchangeContext
{
    /// <summary>
    /// Whether this exchange, answered without a provider call (a cache hit, a coalesced waiter), is charged against its
    /// budgets at its baseline (chargeback): its <see cref="BudgetReservation"/> is then settled at the baseline and its
    /// row records it as <see cref="Ledger.LedgerEntry.ChargedUsd"/>, though it cost nothing.
    /// </summary>
    public bool ChargedBack { get; set; }
}
