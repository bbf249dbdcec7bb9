using Tollgate.Core.Exchange;

namespace Tollgate.Core.Pricing;

/// <summary>Turns token usage into money at the catalog's per-million list prices, in exact <see cref="decimal"/> arithmetic.</summary>
internal static class CostCalculator
{
    private const decimal TokensPerPriceUnit = 1_000_000m;

    public static decimal Cost(ModelPrice price, TokenUsage usage, bool batch)
    {
        var input = batch ? price.BatchInputPerMillion ?? price.InputPerMillion : price.InputPerMillion;
        var output = batch ? price.BatchOutputPerMillion ?? price.OutputPerMillion : price.OutputPerMillion;

        // A 1-hour write without a price of its own costs what a 5-minute write costs (itself the input price when unlisted).
        var total = usage.UncachedInputTokens * input
            + CacheTokens(price, NonNegative(usage.CachedInputTokens), price.CachedInputPerMillion, input, batch)
            + CacheTokens(price, usage.FiveMinuteCacheWriteTokens, price.CacheWritePerMillion, input, batch)
            + CacheTokens(price, usage.OneHourCacheWriteTokens, price.CacheWrite1hPerMillion ?? price.CacheWritePerMillion, input, batch)
            + NonNegative(usage.OutputTokens) * output;

        // Dividing by a power of ten only moves the decimal point: no rounding happens here.
        return total / TokensPerPriceUnit;
    }

    /// <summary>
    /// Cache reads and writes without a price of their own are ordinary input (at the batch input price in batch mode).
    /// With a price of their own, the batch discount applies to them only where the provider documents it
    /// (<see cref="ModelPrice.BatchDiscountsCache"/>: Anthropic says its cache multipliers stack with the batch discount);
    /// otherwise they keep their listed price, which never understates what a batch costs.
    /// </summary>
    private static decimal CacheTokens(ModelPrice price, long tokens, decimal? listed, decimal effectiveInput, bool batch)
    {
        if (tokens == 0)
        {
            return 0m;
        }

        if (listed is not { } perMillion)
        {
            return tokens * effectiveInput;
        }

        if (batch && price.BatchDiscountsCache && price.BatchInputPerMillion is { } batchInput && price.InputPerMillion != 0m)
        {
            // Multiply before dividing so a 50 % discount stays exact.
            return tokens * perMillion * batchInput / price.InputPerMillion;
        }

        return tokens * perMillion;
    }

    private static long NonNegative(long tokens) => Math.Max(0, tokens);
}
