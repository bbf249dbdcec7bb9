using Tollgate.Core.Exchange;
using Tollgate.Core.Pricing;

namespace Tollgate.Core.Tests.Pricing;

public sealed class PricingOverrideTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tollgate-pricing-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Override_file_adds_a_model_with_its_aliases()
    {
        var catalog = PricingCatalog.Load(Write("""
            {
              "version": "acme-1",
              "models": {
                "acme-large": { "provider": "acme", "input_per_million": 1.10, "output_per_million": 2.20, "aliases": ["acme-l"] }
              },
              "aliases": { "acme-default": "acme-large" }
            }
            """));

        Assert.Equal("acme-large", catalog.Find("acme-l")?.Model);
        Assert.Equal("acme-large", catalog.Find("acme-default")?.Model);
        Assert.Equal(0.0033m, catalog.Cost("acme/acme-large", new TokenUsage(1000, 0, 0, 1000)));
        Assert.NotNull(catalog.Find("gpt-4o-mini"));
        Assert.EndsWith("+acme-1", catalog.Version, StringComparison.Ordinal);
    }

    [Fact]
    public void Override_file_replaces_a_built_in_model_and_its_aliases_follow()
    {
        var catalog = PricingCatalog.Load(Write("""
            { "models": { "GPT-4o-mini": { "provider": "openai", "input_per_million": 0.10, "output_per_million": 0.40 } } }
            """));

        var price = catalog.Find("gpt-4o-mini-2024-07-18")!;
        Assert.Equal(0.10m, price.InputPerMillion);
        Assert.Null(price.CachedInputPerMillion);
        Assert.Same(price, catalog.Find("gpt-4o-mini"));
        Assert.Single(catalog.Models, m => m.Model.Equals("gpt-4o-mini", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(PricingCatalog.LoadDefault().Models.Count, catalog.Models.Count);
        Assert.Equal(0.15m, PricingCatalog.LoadDefault().Find("gpt-4o-mini")!.InputPerMillion);
    }

    [Fact]
    public void Override_file_can_give_a_built_in_alias_a_price_of_its_own()
    {
        var catalog = PricingCatalog.Load(Write("""
            { "models": { "gpt-4o-2024-08-06": { "provider": "openai", "input_per_million": 9, "output_per_million": 9 } } }
            """));

        Assert.Equal(9m, catalog.Find("gpt-4o-2024-08-06")!.InputPerMillion);
        Assert.Equal(2.50m, catalog.Find("gpt-4o")!.InputPerMillion);
    }

    [Fact]
    public void Override_alias_can_point_at_a_built_in_model()
    {
        var catalog = PricingCatalog.Load(Write("""{ "aliases": { "house-model": "claude-haiku-4-5" } }"""));

        Assert.Equal("claude-haiku-4-5", catalog.Find("house-model")?.Model);
    }

    [Theory]
    [InlineData("{ \"models\": { \"x\": { \"provider\": \"a\", \"input_per_million\": 1 ", "LineNumber")]
    [InlineData("{ \"models\": { \"x\": { \"provider\": \"a\", \"input_per_million\": 1 } } }", "\"output_per_million\"")]
    [InlineData("{ \"models\": { \"x\": { \"provider\": \"a\", \"input_per_million\": -1, \"output_per_million\": 1 } } }", "negative \"input_per_million\"")]
    [InlineData("{ \"models\": { \"x\": { \"provider\": \"a\", \"input_per_million\": 1, \"output_per_million\": 1, \"cache_write_1h_per_million\": -2 } } }", "negative \"cache_write_1h_per_million\"")]
    [InlineData("{ \"models\": { \"x\": { \"provider\": \"a\", \"input_per_million\": 1, \"output_per_million\": 1, \"cache_write1h_per_million\": 2 } } }", "cache_write1h_per_million")]
    [InlineData("{ \"models\": { \"x\": { \"provider\": \"a\", \"input_per_million\": \"1.5\", \"output_per_million\": 1 } } }", "input_per_million")]
    [InlineData("{ \"models\": { \"x\": { \"provider\": \"a\", \"imput_per_million\": 1, \"output_per_million\": 1 } } }", "imput_per_million")]
    [InlineData("{ \"models\": { \"x\": { \"input_per_million\": 1, \"output_per_million\": 1 } } }", "no \"provider\"")]
    [InlineData("{ \"aliases\": { \"y\": \"no-such-model\" } }", "\"no-such-model\", which is not a model")]
    [InlineData("{ \"aliases\": { \"gpt-4o\": \"gpt-4o-mini\" } }", "already a model name")]
    [InlineData("{ \"currency\": \"EUR\", \"models\": {} }", "USD")]
    [InlineData("{ \"unit\": \"per_thousand_tokens\", \"models\": {} }", "per_million_tokens")]
    [InlineData("null", "JSON null")]
    public void Malformed_override_file_fails_with_a_message_naming_the_file_and_the_problem(string json, string problem)
    {
        var path = Write(json);

        var error = Assert.Throws<PricingCatalogException>(() => PricingCatalog.Load(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_override_file_fails_with_a_message_naming_the_file()
    {
        var path = Path.Combine(_directory, "absent.json");

        var error = Assert.Throws<PricingCatalogException>(() => PricingCatalog.Load(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.IsType<FileNotFoundException>(error.InnerException);
    }

    [Fact]
    public void Override_file_gives_a_one_hour_cache_write_price()
    {
        var catalog = PricingCatalog.Load(Write("""
            { "models": { "acme-cached": { "provider": "acme", "input_per_million": 1, "output_per_million": 2,
                "cache_write_per_million": 1.25, "cache_write_1h_per_million": 2 } } }
            """));

        // 1,000 five-minute writes × $1.25 + 1,000 one-hour writes × $2 per million = 1,250 + 2,000 µ$
        Assert.Equal(2m, catalog.Find("acme-cached")!.CacheWrite1hPerMillion);
        Assert.Equal(0.00325m, catalog.Cost("acme-cached", new TokenUsage(2000, 0, 2000, 0, CacheWrite1hTokens: 1000)));
    }

    [Fact]
    public void The_catalog_says_when_its_prices_were_checked_and_which_file_was_merged()
    {
        var path = Write("""{ "version": "acme-7", "as_of": "2026-12-01", "models": {} }""");

        var catalog = PricingCatalog.Load(path);

        Assert.Equal("2026-11-23", PricingCatalog.LoadDefault().AsOf);
        Assert.Null(PricingCatalog.LoadDefault().PricingFile);
        Assert.Equal("2026-11-23", catalog.AsOf);
        Assert.Equal(new PricingSource(path, "acme-7", "2026-12-01"), catalog.PricingFile);
    }

    [Fact]
    public void Prices_in_an_override_file_are_read_exactly()
    {
        var catalog = PricingCatalog.Load(Write("""
            { "models": { "precise": { "provider": "p", "input_per_million": 0.1000000000000000055511151231257827, "output_per_million": 1e-7 } } }
            """));

        var price = catalog.Find("precise")!;
        Assert.Equal(0.1000000000000000055511151231257827m, price.InputPerMillion);
        Assert.Equal(0.0000001m, price.OutputPerMillion);
    }

    private string Write(string json)
    {
        var path = Path.Combine(_directory, $"{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }
}
