using Tollgate.Core.Pricing;

namespace Tollgate.Gateway.Endpoints;

/// <summary>
/// One priced model in <c>GET /admin/pricing</c>: its list prices, the negotiated discount, and the prices billed
/// (list × discount multiplier).
/// </summary>
internal sealed record ModelPriceResponse(
    string Model,
    string Provider,
    IReadOnlyList<string> Aliases,
    decimal DiscountMultiplier,
    bool BatchDiscountsCache,
    PriceListResponse ListPrices,
    PriceListResponse BilledPrices)
{
    public static ModelPriceResponse From(ModelPrice price, IReadOnlyList<string> aliases) => new(
        price.Model,
        price.Provider,
        aliases,
        price.DiscountMultiplier,
        price.BatchDiscountsCache,
        PriceListResponse.From(price, 1m),
        PriceListResponse.From(price, price.DiscountMultiplier));
}
