using Tollgate.Core.Pricing;

namespace Tollgate.Gateway.Endpoints;

/// <summary>
/// One built-in tool's per-call price in <c>GET /admin/pricing</c>: the provider, the tool, the list price of a call
/// (USD per call, not per million tokens), the models whose calls cost something else, and the provider's negotiated
/// discount (a model's own discount, listed with the model, replaces it for that model's calls).
/// </summary>
internal sealed record ToolCallPriceResponse(
    string Provider,
    string Tool,
    decimal PerCallUsd,
    IReadOnlyDictionary<string, decimal> Models,
    decimal ProviderDiscountMultiplier)
{
    public static ToolCallPriceResponse From(ToolCallPrice price, PricingDiscounts discounts)
    {
        var models = new SortedDictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var (model, perCall) in price.Models)
        {
            models[model] = perCall;
        }

        var multiplier = discounts.Providers.TryGetValue(price.Provider, out var discount) ? discount : 1m;
        return new ToolCallPriceResponse(price.Provider, price.Kind, price.PerCall, models, multiplier);
    }
}
