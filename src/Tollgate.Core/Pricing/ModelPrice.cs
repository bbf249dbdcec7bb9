using Tollgate.Core.Exchange;

namespace Tollgate.Core.Pricing;

/// <summary>
/// What one model costs, in USD per 1,000,000 tokens. Optional prices that are <see langword="null"/> are not
/// billed separately: cached input and cache writes then cost the input price, 1-hour cache writes the 5-minute
/// write price, and batch work costs the normal prices. The prices are list prices; a negotiated discount is
/// <see cref="DiscountMultiplier"/>, applied to every one of them.
/// </summary>
/// <param name="Model">Canonical model name, as the catalog lists it.</param>
/// <param name="Provider">Provider family (<c>openai</c>, <c>anthropic</c>, …).</param>
/// <param name="InputPerMillion">Price of prompt tokens that are neither read from nor written to a prompt cache.</param>
/// <param name="OutputPerMillion">Price of completion tokens (reasoning tokens included).</param>
/// <param name="CachedInputPerMillion">Price of prompt tokens read from the provider's prompt cache.</param>
/// <param name="CacheWritePerMillion">Price of prompt tokens written to the provider's prompt cache (Anthropic's 5-minute write).</param>
/// <param name="BatchInputPerMillion">Input price through the provider's Batch API.</param>
/// <param name="BatchOutputPerMillion">Output price through the provider's Batch API.</param>
public sealed record ModelPrice(
    string Model,
    string Provider,
    decimal InputPerMillion,
    decimal OutputPerMillion,
    decimal? CachedInputPerMillion = null,
    decimal? CacheWritePerMillion = null,
    decimal? BatchInputPerMillion = null,
    decimal? BatchOutputPerMillion = null)
{
    /// <summary>
    /// Price of prompt tokens written to the provider's prompt cache for an hour (Anthropic's 1-hour write, twice the
    /// input price); when <see langword="null"/>, they cost <see cref="CacheWritePerMillion"/>.
    /// </summary>
    public decimal? CacheWrite1hPerMillion { get; init; }

    /// <summary>
    /// Whether the provider documents that its Batch API discount also applies to cache reads and cache writes.
    /// When set, batch work scales the cached-input and cache-write prices by <c>BatchInputPerMillion / InputPerMillion</c>.
    /// </summary>
    public bool BatchDiscountsCache { get; init; }

    /// <summary>
    /// Most output tokens one call of the model can generate (reasoning tokens included), or null when the catalog does
    /// not know it. A budget reserves this much output for a request that sets no output limit of its own.
    /// </summary>
    public long? MaxOutputTokens { get; init; }

    /// <summary>Most tokens of input and output together one call of the model can hold, or null when unknown.</summary>
    public long? ContextWindow { get; init; }

    /// <summary>
    /// The shortest prompt prefix the provider caches at a cache breakpoint (Anthropic's minimum cacheable length), or
    /// null when the catalog does not list one. A breakpoint closing a shorter prefix caches nothing.
    /// </summary>
    public long? MinCacheableTokens { get; init; }

    /// <summary>
    /// Share of the list prices actually paid, from a negotiated discount in the pricing file: 0.8 is 20 % off every
    /// price of the model. 1 (the default) when there is no discount.
    /// </summary>
    public decimal DiscountMultiplier { get; init; } = 1m;

    /// <summary>
    /// Exact cost in USD of a call with this usage, at batch prices when <paramref name="batch"/> is set: what the
    /// provider bills, the discount applied.
    /// </summary>
    public decimal Cost(TokenUsage usage, bool batch = false)
    {
        var list = CostCalculator.Cost(this, usage, batch);
        return DiscountMultiplier == 1m ? list : list * DiscountMultiplier;
    }

    /// <summary>Exact cost in USD of a call with this usage at the list prices, before any discount.</summary>
    public decimal ListCost(TokenUsage usage, bool batch = false) => CostCalculator.Cost(this, usage, batch);
}
