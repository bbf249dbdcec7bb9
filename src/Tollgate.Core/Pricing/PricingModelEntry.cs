using System.Text.Json.Serialization;

namespace Tollgate.Core.Pricing;

/// <summary>One model of a pricing file as written on disk, before validation.</summary>
internal sealed class PricingModelEntry
{
    public string? Provider { get; init; }

    public decimal? InputPerMillion { get; init; }

    public decimal? OutputPerMillion { get; init; }

    public decimal? CachedInputPerMillion { get; init; }

    public decimal? CacheWritePerMillion { get; init; }

    // Named explicitly: the snake_case policy would write "cache_write1h_per_million".
    [JsonPropertyName("cache_write_1h_per_million")]
    public decimal? CacheWrite1hPerMillion { get; init; }

    public decimal? BatchInputPerMillion { get; init; }

    public decimal? BatchOutputPerMillion { get; init; }

    public bool? BatchDiscountsCache { get; init; }

    public long? MaxOutputTokens { get; init; }

    public long? ContextWindow { get; init; }

    public long? MinCacheableTokens { get; init; }

    public IReadOnlyList<string?>? Aliases { get; init; }

    public string? Source { get; init; }

    public string? AsOf { get; init; }

    public string? Notes { get; init; }
}
