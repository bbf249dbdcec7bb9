using Tollgate.Core.Exchange;
using Tollgate.Core.Pricing;

namespace Tollgate.Core.Tests.Pricing;

/// <summary>What an override file keeps of the built-in catalog, and what it brings of its own.</summary>
public sealed class PricingOverrideMergeTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tollgate-pricing-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("gpt-4-turbo-preview", "gpt-4-turbo")]
    [InlineData("gpt-5-chat-latest", "gpt-5")]
    [InlineData("claude-opus-4", "claude-opus-4-0")]
    public void Built_in_aliases_still_resolve_after_an_override_file_is_merged(string alias, string model)
    {
        var catalog = PricingCatalog.Load(Write("""
            { "models": { "acme-large": { "provider": "acme", "input_per_million": 1, "output_per_million": 2 } } }
            """));

        Assert.Equal(model, catalog.Find(alias)?.Model);
    }

    [Theory]
    // 2,000 uncached × $1 + 1,000 cache reads × $1 × ½ + 1,000 cache writes × $3 × ½ + 1,000 output × $2 per million
    //   = 2,000 + 500 + 1,500 + 2,000 = 6,000 µ$
    [InlineData(", \"batch_discounts_cache\": true", "0.006")]
    // Same usage, cache prices not discounted: 2,000 + 1,000 + 3,000 + 2,000 = 8,000 µ$
    [InlineData(", \"batch_discounts_cache\": false", "0.008")]
    [InlineData("", "0.008")]
    public void An_override_model_says_whether_batch_work_discounts_its_cache_prices(string flag, string expected)
    {
        var catalog = PricingCatalog.Load(Write($$"""
            { "models": { "acme-cached": {
                "provider": "acme", "input_per_million": 2, "output_per_million": 4,
                "cached_input_per_million": 1, "cache_write_per_million": 3,
                "batch_input_per_million": 1, "batch_output_per_million": 2{{flag}} } } }
            """));

        var cost = catalog.Cost("acme-cached", new TokenUsage(4000, 1000, 1000, 1000), batch: true);

        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), cost);
    }

    private string Write(string json)
    {
        var path = Path.Combine(_directory, $"{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }
}
