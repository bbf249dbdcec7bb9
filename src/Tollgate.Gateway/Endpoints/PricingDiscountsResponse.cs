namespace Tollgate.Gateway.Endpoints;

/// <summary>The negotiated discounts in force: multipliers of the list prices per provider and per model (canonical names).</summary>
internal sealed record PricingDiscountsResponse(SortedDictionary<string, decimal> Providers, SortedDictionary<string, decimal> Models);
