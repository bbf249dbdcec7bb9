namespace Tollgate.Core.Limits;

/// <summary>
/// What the rate limits took for one request, kept on the exchange (<see cref="Exchange.ExchangeContext.RateLimits"/>):
/// requests for good, tokens and dollars as estimates that settlement corrects to the request's usage and cost.
/// </summary>
/// <param name="Demands">Every amount taken, one per bucket.</param>
public sealed record RateLimitCharge(RateLimitDemand[] Demands);
