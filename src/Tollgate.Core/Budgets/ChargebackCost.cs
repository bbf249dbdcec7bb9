using Tollgate.Core.Ledger;
using Tollgate.Core.Pricing;
using Tollgate.Core.Settlement;
using Tollgate.Core.Exchange;

namespace Tollgate.Core.Budgets;

/// <summary>
/// What an answer made without a call is charged back at: its baseline, the answer's usage at the model's list price
/// with no provider cache, the same figure its ledger row records as <see cref="LedgerEntry.BaselineCostUsd"/>.
/// </summary>
public static class ChargebackCost
{
    /// <summary>The baseline of an answer of <paramref name="usage"/> at <paramref name="price"/>.</summary>
    public static decimal Baseline(ModelPrice price, TokenUsage usage) =>
        CostBreakdown.ForAnswerWithoutCall(price, price, usage, Levers.Exact).BaselineCostUsd ?? 0m;
}
