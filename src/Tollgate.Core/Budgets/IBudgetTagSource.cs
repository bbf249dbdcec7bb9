using Tollgate.Core.Exchange;

namespace Tollgate.Core.Budgets;

/// <summary>The tags of an exchange (<c>key=value</c> each) as budgets of the <see cref="BudgetScopeKind.Tag"/> scope match them.</summary>
public interface IBudgetTagSource
{
    /// <summary>The exchange's tags, each <c>key=value</c>; empty when it has none.</summary>
    IReadOnlyList<string> TagsOf(ExchangeContext exchange);
}
