using Tollgate.Core.Tokens;

namespace Tollgate.Core.Exchange;

/// <summary>The prompt's count, remembered.</summary>
public abstract partial class ExchangeContext
{
    /// <summary>The last count of the request body's prompt (<see cref="TokenCounter.EstimateExchangeInput"/>); null before any.</summary>
    internal CountedInput? InputCount { get; set; }
}
