namespace Tollgate.Core.Exchange;

public abstract partial class ExchangeContext
{
    /// <summary>
    /// The fallback the call stage took, or null when the first model of the chain answered (or none did). An answer a
    /// fallback served is not the one the request stands for, so it is not cached.
    /// </summary>
    public FallbackStep? Fallback { get; set; }
}
