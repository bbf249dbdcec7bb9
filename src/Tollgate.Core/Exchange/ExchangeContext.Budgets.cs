using Tollgate.Core.Budgets;

namespace Tollgate.Core.Exchange;

public abstract partial class ExchangeContext
{
    /// <summary>
    /// The worst-case cost the reserve stage holds against the budgets that apply to this exchange, until settlement
    /// replaces it with the actual cost; null when no budget applies (or the exchange was answered before reserve).
    /// </summary>
    public BudgetReservation? BudgetReservation { get; set; }
}
