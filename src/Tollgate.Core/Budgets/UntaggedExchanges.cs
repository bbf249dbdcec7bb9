using Tollgate.Core.Exchange;

namespace Tollgate.Core.Budgets;

/// <summary>
/// The tag source while requests carry no tags: every exchange has none, so no tag budget applies to any request. A
/// source reading the request's tags replaces this one in the container.
/// </summary>
public sealed class UntaggedExchanges : IBudgetTagSource
{
    /// <inheritdoc />
    public IReadOnlyList<string> TagsOf(ExchangeContext exchange) => [];
}
