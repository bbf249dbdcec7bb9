using Tollgate.Core.Exchange;
using Tollgate.Core.Pricing;

namespace Tollgate.Core.Tests.Pricing;

/// <summary>Negotiated discounts in a pricing file: multipliers of every list price, per provider and per model.</summary>
public sealed class PricingDiscountTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tollgate-discounts-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_provider_discount_applies_to_every_model_of_that_provider_and_no_other()
    {
        var catalog = PricingCatalog.Load(Write("""{ "discounts": { "providers": { "Anthropic": 0.9 } } }"""));

        // claude-haiku-4-5: (1,000 × $1 + 1,000 × $5) × 0.9 = 5,400 µ$; gpt-4o-mini keeps its list price: 150 + 600 = 750 µ$.
        Assert.Equal(0.0054m, catalog.Cost("claude-haiku-4-5-20251001", new TokenUsage(1000, 0, 0, 1000)));
        Assert.Equal(0.00075m, catalog.Cost("gpt-4o-mini", new TokenUsage(1000, 0, 0, 1000)));
        Assert.All(catalog.Models, price => Assert.Equal(price.Provider == "anthropic" ? 0.9m : 1m, price.DiscountMultiplier));
        Assert.Equal(0.9m, catalog.Discounts.Providers["anthropic"]);
    }

    [Fact]
    public void A_model_discount_replaces_its_providers_and_is_kept_under_the_models_own_name()
    {
        var catalog = PricingCatalog.Load(Write("""
            { "discounts": { "providers": { "anthropic": 0.9 }, "models": { "claude-sonnet-4-5-20250929": 0.7 } } }
            """));

        Assert.Equal(0.7m, catalog.Find("claude-sonnet-4-5")!.DiscountMultiplier);
        Assert.Equal(0.9m, catalog.Find("claude-haiku-4-5")!.DiscountMultiplier);
        Assert.Equal(0.7m, catalog.Discounts.Models["claude-sonnet-4-5"]);
        Assert.Same(catalog.Find("claude-sonnet-4-5"), catalog.Find("claude-sonnet-4-5-20250929"));
    }

    [Fact]
    public void A_discount_applies_to_models_the_same_file_adds()
    {
        var catalog = PricingCatalog.Load(Write("""
            {
              "models": { "acme-large": { "provider": "acme", "input_per_million": 2, "output_per_million": 4 } },
              "discounts": { "providers": { "acme": 0.5 } }
            }
            """));

        // (1,000 × $2 + 1,000 × $4) × 0.5 = 3,000 µ$
        Assert.Equal(0.003m, catalog.Cost("acme-large", new TokenUsage(1000, 0, 0, 1000)));
    }

    [Fact]
    public void A_file_replacing_a_model_adding_an_alias_and_discounting_loads_as_one_catalog()
    {
        // The example of docs/configuration.md.
        var catalog = PricingCatalog.Load(Write("""
            {
              "version": "acme-2026-12",
              "as_of": "2026-12-01",
              "models": {
                "claude-sonnet-4-5": {
                  "provider": "anthropic", "input_per_million": 3.0, "output_per_million": 15.0,
                  "cached_input_per_million": 0.3, "cache_write_per_million": 3.75, "cache_write_1h_per_million": 6.0,
                  "batch_input_per_million": 1.5, "batch_output_per_million": 7.5, "batch_discounts_cache": true,
                  "aliases": ["claude-sonnet-4-5-20250929"]
                }
              },
              "aliases": { "house-model": "claude-sonnet-4-5" },
              "discounts": { "providers": { "anthropic": 0.9 }, "models": { "gpt-4o": 0.75 } }
            }
            """));

        Assert.Equal(0.9m, catalog.Find("house-model")!.DiscountMultiplier);
        Assert.Equal(0.75m, catalog.Find("gpt-4o-2024-08-06")!.DiscountMultiplier);
        Assert.Equal(1m, catalog.Find("gpt-4o-mini")!.DiscountMultiplier);
        Assert.Equal("house-model", Assert.Single(catalog.Aliases, pair => pair.Value == "claude-sonnet-4-5" && pair.Key.StartsWith("house", StringComparison.Ordinal)).Key);
    }

    [Fact]
    public void The_built_in_catalog_has_no_discount()
    {
        var catalog = PricingCatalog.LoadDefault();

        Assert.True(catalog.Discounts.IsEmpty);
        Assert.All(catalog.Models, price => Assert.Equal(1m, price.DiscountMultiplier));
    }

    [Theory]
    [InlineData("""{ "discounts": { "providers": { "openai": 1.2 } } }""", "the discount of provider \"openai\" is 1.2")]
    [InlineData("""{ "discounts": { "providers": { "openai": 20 } } }""", "at most 1 (0.8 for 20 % off)")]
    [InlineData("""{ "discounts": { "providers": { "openai": 0 } } }""", "above 0")]
    [InlineData("""{ "discounts": { "models": { "gpt-4o": -0.5 } } }""", "the discount of model \"gpt-4o\" is -0.5")]
    [InlineData("""{ "discounts": { "models": { "gpt-4o": null } } }""", "the discount of model \"gpt-4o\" is null")]
    [InlineData("""{ "discounts": { "providers": { "antropic": 0.9 } } }""", "provider \"antropic\" names a provider no model in the catalog has")]
    [InlineData("""{ "discounts": { "models": { "claude-9-ultra": 0.9 } } }""", "model \"claude-9-ultra\" names a model the catalog does not price")]
    [InlineData("""{ "discounts": { "models": { "claude-sonnet-4-5": 0.8, "claude-sonnet-4-5-20250929": 0.7 } } }""", "model \"claude-sonnet-4-5\" has two discounts")]
    [InlineData("""{ "discounts": { "models": { "gpt-4o": 0.8, "GPT-4o": 0.8 } } }""", "has two discounts")]
    [InlineData("""{ "discounts": { "provider": { "openai": 0.9 } } }""", "provider")]
    public void A_mistaken_discount_stops_the_load_naming_the_file_and_the_problem(string json, string problem)
    {
        var path = Write(json);

        var error = Assert.Throws<PricingCatalogException>(() => PricingCatalog.Load(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    private string Write(string json)
    {
        var path = Path.Combine(_directory, $"{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }
}
