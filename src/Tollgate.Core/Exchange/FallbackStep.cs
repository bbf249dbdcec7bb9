namespace Tollgate.Core.Exchange;

/// <summary>
/// A fallback the call stage took (<see cref="ExchangeContext.Fallback"/>): the model the exchange was to be served by
/// failed (or its circuit breaker was open), and another model of its chain answered.
/// </summary>
/// <param name="FromModel">The model the chain started from: the one the request was routed to.</param>
/// <param name="ToModel">The model whose answer the exchange carries.</param>
public sealed record FallbackStep(string FromModel, string ToModel);
