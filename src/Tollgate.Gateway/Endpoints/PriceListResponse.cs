using System.Text.Json.Serialization;
using Tollgate.Core.Pricing;

namespace Tollgate.Gateway.Endpoints;

/// <summary>A model's prices in USD per million tokens, named as in the pricing file; null where the model has no price of its own.</summary>
internal sealed record PriceListResponse(
    decimal InputPerMillion,
    decimal OutputPerMillion,
    decimal? CachedInputPerMillion,
    decimal? CacheWritePerMillion,
    [property: JsonPropertyName("cache_write_1h_per_million")] decimal? CacheWrite1hPerMillion,
    decimal? BatchInputPerMillion,
    decimal? BatchOutputPerMillion)
{
    /// <summary>Every price of <paramref name="price"/> times <paramref name="multiplier"/> (1 for the list prices).</summary>
    public static PriceListResponse From(ModelPrice price, decimal multiplier) => new(
        price.InputPerMillion * multiplier,
        price.OutputPerMillion * multiplier,
        price.CachedInputPerMillion * multiplier,
        price.CacheWritePerMillion * multiplier,
        price.CacheWrite1hPerMillion * multiplier,
        price.BatchInputPerMillion * multiplier,
        price.BatchOutputPerMillion * multiplier);
}
