using Tollgate.Core.Limits;

namespace Tollgate.Core.Exchange;

/// <summary>The rate limits' part of the exchange.</summary>
public abstract partial class ExchangeContext
{
    /// <summary>
    /// What the rate limits took for this request (requests, tokens, dollars, per bucket), so that settlement corrects
    /// the estimated amounts to what the request used; null when no rate limit applied.
    /// </summary>
    public RateLimitCharge? RateLimits { get; set; }
}
