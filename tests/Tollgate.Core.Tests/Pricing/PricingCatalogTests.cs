using Tollgate.Core.Exchange;
using Tollgate.Core.Pricing;

namespace Tollgate.Core.Tests.Pricing;

public sealed class PricingCatalogTests
{
    private static readonly PricingCatalog Catalog = PricingCatalog.LoadDefault();

    [Fact]
    public void Default_catalog_loads_with_a_version_and_both_providers()
    {
        Assert.False(string.IsNullOrWhiteSpace(Catalog.Version));
        Assert.Contains(Catalog.Models, m => m.Provider == "openai");
        Assert.Contains(Catalog.Models, m => m.Provider == "anthropic");
        Assert.Same(Catalog, PricingCatalog.LoadDefault());
        Assert.Same(Catalog, PricingCatalog.Load(null));
    }

    [Fact]
    public void Every_catalog_entry_is_sane()
    {
        foreach (var price in Catalog.Models)
        {
            Assert.True(price.InputPerMillion > 0, $"{price.Model}: input price must be positive");
            Assert.True(price.OutputPerMillion >= 0, $"{price.Model}: output price must not be negative");
            Assert.True(price.CachedInputPerMillion is null || price.CachedInputPerMillion < price.InputPerMillion, $"{price.Model}: a cache read must be cheaper than input");
            Assert.True(price.CacheWritePerMillion is null || price.CacheWritePerMillion >= price.InputPerMillion, $"{price.Model}: a cache write costs at least the input price");
            Assert.True(price.CacheWrite1hPerMillion is null || price.CacheWrite1hPerMillion > price.CacheWritePerMillion, $"{price.Model}: a 1-hour cache write costs more than a 5-minute one");
            Assert.True((price.CacheWrite1hPerMillion is null) == (price.CacheWritePerMillion is null), $"{price.Model}: a model that prices cache writes prices both lifetimes");
            Assert.Equal(1m, price.DiscountMultiplier);
            Assert.True(price.BatchInputPerMillion is null || price.BatchInputPerMillion < price.InputPerMillion, $"{price.Model}: batch input must be discounted");
            Assert.True(price.BatchOutputPerMillion is null || price.BatchOutputPerMillion <= price.OutputPerMillion, $"{price.Model}: batch output must not cost more");
            Assert.Same(price, Catalog.Find(price.Model));
        }
    }

    [Theory]
    [InlineData("gpt-5")]
    [InlineData("gpt-5-mini")]
    [InlineData("gpt-5-nano")]
    [InlineData("gpt-4.1")]
    [InlineData("gpt-4.1-mini")]
    [InlineData("gpt-4.1-nano")]
    [InlineData("gpt-4o")]
    [InlineData("gpt-4o-mini")]
    [InlineData("o1")]
    [InlineData("o3")]
    [InlineData("o3-mini")]
    [InlineData("o4-mini")]
    [InlineData("gpt-3.5-turbo")]
    [InlineData("gpt-4-turbo")]
    [InlineData("text-embedding-3-small")]
    [InlineData("text-embedding-3-large")]
    [InlineData("text-embedding-ada-002")]
    [InlineData("claude-opus-4-5")]
    [InlineData("claude-opus-4-1")]
    [InlineData("claude-opus-4-0")]
    [InlineData("claude-sonnet-4-5")]
    [InlineData("claude-sonnet-4-0")]
    [InlineData("claude-haiku-4-5")]
    [InlineData("claude-3-7-sonnet")]
    [InlineData("claude-3-5-sonnet")]
    [InlineData("claude-3-5-haiku")]
    [InlineData("claude-3-opus")]
    [InlineData("claude-3-haiku")]
    public void Catalog_prices_the_model(string model) => Assert.NotNull(Catalog.Find(model));

    /// <summary>
    /// Every price of a model as the provider publishes it, per million tokens: input, output, cache read, cache write
    /// (5 minutes), batch input, batch output, the 1-hour cache write, and whether the batch discount also applies to
    /// cache reads and writes.
    /// </summary>
    public static TheoryData<ModelPrice> PublishedPrices => new()
    {
        // OpenAI, Standard tier; Batch is half of Standard: 0.15 / 2 = 0.075, 0.60 / 2 = 0.30. No cache-write price.
        new ModelPrice("gpt-4o-mini", "openai", 0.15m, 0.60m, 0.075m, null, 0.075m, 0.30m),
        // 2.50 / 2 = 1.25, 10.00 / 2 = 5.00; cached input $1.25.
        new ModelPrice("gpt-4o", "openai", 2.50m, 10.00m, 1.25m, null, 1.25m, 5.00m),
        // The launch snapshot keeps its own price and has no cached price: 5.00 / 2 = 2.50, 15.00 / 2 = 7.50.
        new ModelPrice("gpt-4o-2024-05-13", "openai", 5.00m, 15.00m, null, null, 2.50m, 7.50m),
        // 1.25 / 2 = 0.625, 10.00 / 2 = 5.00; cached input $0.125.
        new ModelPrice("gpt-5", "openai", 1.25m, 10.00m, 0.125m, null, 0.625m, 5.00m),
        // 2.00 / 2 = 1.00, 8.00 / 2 = 4.00; cached input $0.50.
        new ModelPrice("gpt-4.1", "openai", 2.00m, 8.00m, 0.50m, null, 1.00m, 4.00m),
        // 1.10 / 2 = 0.55, 4.40 / 2 = 2.20; cached input $0.275.
        new ModelPrice("o4-mini", "openai", 1.10m, 4.40m, 0.275m, null, 0.55m, 2.20m),
        // No cached price: 0.50 / 2 = 0.25, 1.50 / 2 = 0.75.
        new ModelPrice("gpt-3.5-turbo", "openai", 0.50m, 1.50m, null, null, 0.25m, 0.75m),
        // Embeddings bill input only: 0.02 / 2 = 0.01.
        new ModelPrice("text-embedding-3-small", "openai", 0.02m, 0m, null, null, 0.01m, 0m),

        // Anthropic: cache read 0.1 × input, 5-minute cache write 1.25 × input, 1-hour cache write 2 × input, Batch 0.5 ×
        // input and output, and the cache multipliers stack with the batch discount.
        // 5 × 0.1 = 0.50, 5 × 1.25 = 6.25, 5 / 2 = 2.50, 25 / 2 = 12.50, 5 × 2 = 10.
        new ModelPrice("claude-opus-4-6", "anthropic", 5.00m, 25.00m, 0.50m, 6.25m, 2.50m, 12.50m) { CacheWrite1hPerMillion = 10.00m, BatchDiscountsCache = true },
        new ModelPrice("claude-opus-4-5", "anthropic", 5.00m, 25.00m, 0.50m, 6.25m, 2.50m, 12.50m) { CacheWrite1hPerMillion = 10.00m, BatchDiscountsCache = true },
        // 15 × 0.1 = 1.50, 15 × 1.25 = 18.75, 15 / 2 = 7.50, 75 / 2 = 37.50, 15 × 2 = 30.
        new ModelPrice("claude-opus-4-1", "anthropic", 15.00m, 75.00m, 1.50m, 18.75m, 7.50m, 37.50m) { CacheWrite1hPerMillion = 30.00m, BatchDiscountsCache = true },
        new ModelPrice("claude-opus-4-0", "anthropic", 15.00m, 75.00m, 1.50m, 18.75m, 7.50m, 37.50m) { CacheWrite1hPerMillion = 30.00m, BatchDiscountsCache = true },
        new ModelPrice("claude-3-opus", "anthropic", 15.00m, 75.00m, 1.50m, 18.75m, 7.50m, 37.50m) { CacheWrite1hPerMillion = 30.00m, BatchDiscountsCache = true },
        // 3 × 0.1 = 0.30, 3 × 1.25 = 3.75, 3 / 2 = 1.50, 15 / 2 = 7.50, 3 × 2 = 6.
        new ModelPrice("claude-sonnet-4-6", "anthropic", 3.00m, 15.00m, 0.30m, 3.75m, 1.50m, 7.50m) { CacheWrite1hPerMillion = 6.00m, BatchDiscountsCache = true },
        new ModelPrice("claude-sonnet-4-5", "anthropic", 3.00m, 15.00m, 0.30m, 3.75m, 1.50m, 7.50m) { CacheWrite1hPerMillion = 6.00m, BatchDiscountsCache = true },
        new ModelPrice("claude-sonnet-4-0", "anthropic", 3.00m, 15.00m, 0.30m, 3.75m, 1.50m, 7.50m) { CacheWrite1hPerMillion = 6.00m, BatchDiscountsCache = true },
        new ModelPrice("claude-3-7-sonnet", "anthropic", 3.00m, 15.00m, 0.30m, 3.75m, 1.50m, 7.50m) { CacheWrite1hPerMillion = 6.00m, BatchDiscountsCache = true },
        new ModelPrice("claude-3-5-sonnet", "anthropic", 3.00m, 15.00m, 0.30m, 3.75m, 1.50m, 7.50m) { CacheWrite1hPerMillion = 6.00m, BatchDiscountsCache = true },
        // 1 × 0.1 = 0.10, 1 × 1.25 = 1.25, 1 / 2 = 0.50, 5 / 2 = 2.50, 1 × 2 = 2.
        new ModelPrice("claude-haiku-4-5", "anthropic", 1.00m, 5.00m, 0.10m, 1.25m, 0.50m, 2.50m) { CacheWrite1hPerMillion = 2.00m, BatchDiscountsCache = true },
        // 0.80 × 0.1 = 0.08, 0.80 × 1.25 = 1.00, 0.80 / 2 = 0.40, 4 / 2 = 2.00, 0.80 × 2 = 1.60.
        new ModelPrice("claude-3-5-haiku", "anthropic", 0.80m, 4.00m, 0.08m, 1.00m, 0.40m, 2.00m) { CacheWrite1hPerMillion = 1.60m, BatchDiscountsCache = true },
        // Claude 3 Haiku is the exception to the multipliers: its published cache read is $0.03 and its cache write
        // $0.30 against $0.25 input; its 1-hour write is the usual 2 × input, $0.50. Batch: 0.25 / 2 = 0.125, 1.25 / 2 = 0.625.
        new ModelPrice("claude-3-haiku", "anthropic", 0.25m, 1.25m, 0.03m, 0.30m, 0.125m, 0.625m) { CacheWrite1hPerMillion = 0.50m, BatchDiscountsCache = true },
    };

    [Theory]
    [MemberData(nameof(PublishedPrices))]
    public void Published_prices_are_carried_exactly(ModelPrice published) =>
        Assert.Equal(published, Catalog.Find(published.Model)! with { MaxOutputTokens = null, ContextWindow = null, MinCacheableTokens = null });

    [Theory]
    [InlineData("gpt-4o-mini", 128_000, 16_384)]
    [InlineData("gpt-4.1", 1_047_576, 32_768)]
    [InlineData("gpt-5", 400_000, 128_000)]
    [InlineData("o3", 200_000, 100_000)]
    [InlineData("claude-opus-4-6", 1_000_000, 128_000)]
    [InlineData("claude-sonnet-4-5", 200_000, 64_000)]
    [InlineData("claude-haiku-4-5", 200_000, 64_000)]
    [InlineData("claude-3-5-haiku", 200_000, 8_192)]
    public void Published_context_windows_and_output_limits_are_carried(string model, long contextWindow, long maxOutputTokens)
    {
        var price = Catalog.Find(model)!;

        Assert.Equal(contextWindow, price.ContextWindow);
        Assert.Equal(maxOutputTokens, price.MaxOutputTokens);
    }

    [Theory]
    [InlineData("claude-opus-4-6", 4096)]
    [InlineData("claude-opus-4-5-20251101", 4096)]
    [InlineData("claude-haiku-4-5", 4096)]
    [InlineData("claude-sonnet-4-5", 1024)]
    [InlineData("claude-sonnet-4-6", 1024)]
    [InlineData("claude-opus-4-1", 1024)]
    [InlineData("claude-3-5-haiku", 2048)]
    [InlineData("claude-3-haiku", 2048)]
    public void Published_minimum_cacheable_lengths_are_carried(string model, long minimum) =>
        Assert.Equal(minimum, Catalog.Find(model)!.MinCacheableTokens);

    [Fact]
    public void Every_anthropic_model_has_a_minimum_cacheable_length() =>
        Assert.All(Catalog.Models.Where(price => price.Provider == "anthropic"), price => Assert.NotNull(price.MinCacheableTokens));

    [Fact]
    public void Every_model_that_bills_output_has_a_maximum_output() =>
        Assert.All(Catalog.Models.Where(price => price.OutputPerMillion > 0m), price => Assert.NotNull(price.MaxOutputTokens));

    [Fact]
    public void Every_anthropic_model_has_its_published_prices_checked()
    {
        var checkedModels = ((IEnumerable<object[]>)PublishedPrices).Select(row => ((ModelPrice)row[0]).Model).ToHashSet();

        Assert.All(Catalog.Models.Where(m => m.Provider == "anthropic"), price => Assert.Contains(price.Model, checkedModels));
    }

    [Theory]
    [InlineData("gpt-4o-mini-2024-07-18", "gpt-4o-mini")]
    [InlineData("gpt-4o-2024-11-20", "gpt-4o")]
    [InlineData("gpt-4.1-2025-04-14", "gpt-4.1")]
    [InlineData("claude-3-5-sonnet-20241022", "claude-3-5-sonnet")]
    [InlineData("claude-sonnet-4-5-20250929", "claude-sonnet-4-5")]
    [InlineData("claude-3-5-haiku-latest", "claude-3-5-haiku")]
    [InlineData("claude-sonnet-4-20250514", "claude-sonnet-4-0")]
    [InlineData("claude-opus-4", "claude-opus-4-0")]
    [InlineData("gpt-4-turbo-preview", "gpt-4-turbo")]
    public void Snapshots_and_aliases_resolve_to_their_model(string asked, string expected) =>
        Assert.Equal(expected, Catalog.Find(asked)?.Model);

    [Theory]
    [InlineData("gpt-5-mini-2026-01-15", "gpt-5-mini")]
    [InlineData("claude-haiku-4-5-20991231", "claude-haiku-4-5")]
    [InlineData("o3-latest", "o3")]
    public void Unlisted_dated_snapshots_resolve_to_their_base_model(string asked, string expected) =>
        Assert.Equal(expected, Catalog.Find(asked)?.Model);

    [Fact]
    public void A_snapshot_with_its_own_price_is_not_folded_into_its_base_model()
    {
        var launch = Catalog.Find("gpt-4o-2024-05-13")!;

        Assert.Equal("gpt-4o-2024-05-13", launch.Model);
        Assert.Equal(5.00m, launch.InputPerMillion);
        Assert.Equal(2.50m, Catalog.Find("gpt-4o-2024-08-06")!.InputPerMillion);
    }

    [Fact]
    public void A_snapshot_is_billed_at_the_price_it_resolves_to()
    {
        var usage = new TokenUsage(1000, 0, 0, 1000);

        // gpt-4o-2024-05-13: 1,000 × $5 + 1,000 × $15 per million = 5,000 + 15,000 = 20,000 µ$.
        Assert.Equal(0.02m, Catalog.Cost("gpt-4o-2024-05-13", usage));
        // gpt-4o-2024-11-20 is gpt-4o: 1,000 × $2.50 + 1,000 × $10 per million = 2,500 + 10,000 = 12,500 µ$.
        Assert.Equal(0.0125m, Catalog.Cost("gpt-4o-2024-11-20", usage));
        // claude-3-5-haiku-20241022 is claude-3-5-haiku: 1,000 × $0.80 + 1,000 × $4 per million = 800 + 4,000 = 4,800 µ$.
        Assert.Equal(0.0048m, Catalog.Cost("anthropic/claude-3-5-haiku-20241022", usage));
    }

    [Theory]
    [InlineData("openai/gpt-4o-mini", "gpt-4o-mini")]
    [InlineData("anthropic/claude-3-5-sonnet-20241022", "claude-3-5-sonnet")]
    [InlineData("openrouter/openai/gpt-4.1-nano", "gpt-4.1-nano")]
    public void Provider_prefixes_are_stripped(string asked, string expected) =>
        Assert.Equal(expected, Catalog.Find(asked)?.Model);

    [Theory]
    [InlineData("GPT-4o-Mini", "gpt-4o-mini")]
    [InlineData("Claude-3-5-Haiku-Latest", "claude-3-5-haiku")]
    [InlineData("OpenAI/GPT-4O-MINI-2024-07-18", "gpt-4o-mini")]
    public void Lookups_ignore_case(string asked, string expected) => Assert.Equal(expected, Catalog.Find(asked)?.Model);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("llama-3-70b")]
    [InlineData("gpt-9-ultra")]
    [InlineData("acme/unknown-20240101")]
    public void Unknown_models_have_no_price(string? model)
    {
        Assert.Null(Catalog.Find(model));
        Assert.Null(Catalog.Cost(model, new TokenUsage(1000, 0, 0, 1000)));
    }

    [Fact]
    public void Repeated_lookups_return_the_same_price_from_many_threads()
    {
        var names = new[] { "gpt-4o-mini-2024-07-18", "openai/gpt-5", "claude-3-5-haiku-latest", "nope" };
        (string Model, decimal Input)?[] expected = [("gpt-4o-mini", 0.15m), ("gpt-5", 1.25m), ("claude-3-5-haiku", 0.80m), null];
        var results = new ModelPrice?[400];

        Parallel.For(0, results.Length, i => results[i] = Catalog.Find(names[i % names.Length]));

        for (var i = 0; i < results.Length; i++)
        {
            Assert.Equal(expected[i % names.Length], results[i] is { } price ? (price.Model, price.InputPerMillion) : null);
        }
    }
}
