using Tollgate.Core.Exchange;

namespace Tollgate.Core.Pipeline;

/// <summary>
/// One lever of the pipeline (identify, classify, guard, cache, coalesce, route, shape, call, settle).
/// A stage does one thing, then calls <c>next</c> or stops the exchange (with a rejection or an answer).
/// </summary>
public interface IExchangeStage
{
    /// <summary>Stage name, as used in configuration and diagnostics.</summary>
    string Name { get; }

    /// <summary>Acts on the exchange; calls <paramref name="next"/> to continue.</summary>
    ValueTask InvokeAsync(ExchangeContext exchange, ExchangeHandler next);
}
