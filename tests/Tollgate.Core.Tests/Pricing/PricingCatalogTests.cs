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
            Assert.True(price.BatchInputPerMillion is null || price.BatchInputPerMillion < price.InputPerMillion, $"{price.Model}: batch input must be discounted");
            Assert.True(price.BatchOutputPerMillion is null || price.BatchOutputPerMillion <= price.OutputPerMillion, $"{price.Model}: batch output must not cost more");
            Assert.Same(price, Catalog.Find(price.Model));
        }
    }

    [Fact]
    public void Every_anthropic_model_has_cache_write_and_batch_prices_and_batch_discounts_its_cache()
    {
        foreach (var price in Catalog.Models.Where(m => m.Provider == "anthropic"))
        {
            // 1.25 × input, except Claude 3 Haiku, whose published 5-minute write is $0.30 against $0.25 input.
            Assert.NotNull(price.CacheWritePerMillion);
            Assert.InRange(price.CacheWritePerMillion.Value, price.InputPerMillion, price.InputPerMillion * 1.25m);
            Assert.Equal(price.InputPerMillion / 2, price.BatchInputPerMillion);
            Assert.Equal(price.OutputPerMillion / 2, price.BatchOutputPerMillion);
            Assert.True(price.BatchDiscountsCache, price.Model);
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

    [Theory]
    [InlineData("gpt-4o-mini", 0.15, 0.60, 0.075)]
    [InlineData("gpt-4o", 2.50, 10.00, 1.25)]
    [InlineData("gpt-5", 1.25, 10.00, 0.125)]
    [InlineData("gpt-4.1", 2.00, 8.00, 0.50)]
    [InlineData("o4-mini", 1.10, 4.40, 0.275)]
    [InlineData("claude-sonnet-4-5", 3.00, 15.00, 0.30)]
    [InlineData("claude-3-5-haiku", 0.80, 4.00, 0.08)]
    [InlineData("claude-opus-4-5", 5.00, 25.00, 0.50)]
    public void Published_prices_are_carried_exactly(string model, double input, double output, double cached)
    {
        var price = Catalog.Find(model)!;

        Assert.Equal((decimal)input, price.InputPerMillion);
        Assert.Equal((decimal)output, price.OutputPerMillion);
        Assert.Equal((decimal)cached, price.CachedInputPerMillion);
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
        Assert.NotEqual(Catalog.Find("gpt-4o")!.InputPerMillion, launch.InputPerMillion);
    }

    [Theory]
    [InlineData("openai/gpt-4o-mini", "gpt-4o-mini")]
    [InlineData("anthropic/claude-3-5-sonnet-20241022", "claude-3-5-sonnet")]
    [InlineData("openrouter/openai/gpt-4.1-nano", "gpt-4.1-nano")]
    public void Provider_prefixes_are_stripped(string asked, string expected) =>
        Assert.Equal(expected, Catalog.Find(asked)?.Model);

    [Theory]
    [InlineData("GPT-4o-Mini")]
    [InlineData("Claude-3-5-Haiku-Latest")]
    [InlineData("OpenAI/GPT-4O-MINI-2024-07-18")]
    public void Lookups_ignore_case(string asked) => Assert.NotNull(Catalog.Find(asked));

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
        var results = new ModelPrice?[400];

        Parallel.For(0, results.Length, i => results[i] = Catalog.Find(names[i % names.Length]));

        for (var i = 0; i < results.Length; i++)
        {
            Assert.Same(Catalog.Find(names[i % names.Length]), results[i]);
        }
    }
}
