using System.Text;
using Tollgate.Core.Pricing;
using Tollgate.Core.Routing;

namespace Tollgate.Core.Tests.Routing;

/// <summary>The model catalog: data beside the pricing catalog, every model in it priced, every priced chat model in it.</summary>
public sealed class ModelCatalogTests
{
    private static readonly PricingCatalog Pricing = PricingCatalog.LoadDefault();

    [Fact]
    public void The_built_in_catalog_covers_every_priced_chat_model_of_both_providers()
    {
        var catalog = ModelCatalog.Load(Pricing);

        var chatModels = Pricing.Models.Where(price => !price.Model.StartsWith("text-embedding", StringComparison.Ordinal)).Select(price => price.Model);
        Assert.All(chatModels, model => Assert.NotNull(catalog.Find(model)));
        Assert.All(catalog.Models, model => Assert.Equal(Pricing.Find(model.Model)!.Provider, model.Provider));
    }

    [Theory]
    [InlineData("openai", ModelTier.Small, "gpt-4.1-nano")]
    [InlineData("openai", ModelTier.Medium, "gpt-4.1-mini")]
    [InlineData("openai", ModelTier.Frontier, "gpt-4.1")]
    [InlineData("anthropic", ModelTier.Small, "claude-haiku-4-5")]
    [InlineData("anthropic", ModelTier.Medium, "claude-sonnet-4-5")]
    [InlineData("anthropic", ModelTier.Frontier, "claude-opus-4-5")]
    public void Each_provider_has_a_preferred_model_per_tier(string provider, ModelTier tier, string model)
    {
        Assert.Equal(model, ModelCatalog.Load(Pricing).Preferred(provider, tier)?.Model);
    }

    [Fact]
    public void A_name_resolves_as_the_pricing_catalog_resolves_it()
    {
        var catalog = ModelCatalog.Load(Pricing);

        Assert.Equal("gpt-4o", catalog.Find("gpt-4o-2024-08-06")?.Model);
        Assert.Equal("claude-haiku-4-5", catalog.Find("claude-haiku-4-5-20251001")?.Model);
        Assert.False(catalog.Find("gpt-3.5-turbo")!.Has(ModelCapabilities.Vision));
        Assert.Null(catalog.Find("house-model-7"));
    }

    [Theory]
    [InlineData("""{"models":{"house-model-7":{"provider":"openai","tier":"small","preferred":true}}}""", "\"house-model-7\" is not priced")]
    [InlineData("""{"models":{"gpt-4.1":{"provider":"openai","tier":"huge"}}}""", "tier \"huge\"")]
    [InlineData("""{"models":{"gpt-4.1":{"provider":"anthropic","tier":"frontier"}}}""", "the pricing catalog's is \"openai\"")]
    [InlineData("""{"models":{"gpt-4.1":{"provider":"openai","tier":"frontier","capabilities":["telepathy"]}}}""", "capability \"telepathy\"")]
    [InlineData("""{"models":{"gpt-4.1":{"provider":"openai","tier":"frontier","preferred":true}}}""", "no openai model of tier small is preferred")]
    public void A_malformed_catalog_is_refused_naming_the_problem(string json, string problem)
    {
        var error = Assert.Throws<PricingCatalogException>(() => ModelCatalog.Read(Pricing, Encoding.UTF8.GetBytes(json), "models.json"));

        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }
}
