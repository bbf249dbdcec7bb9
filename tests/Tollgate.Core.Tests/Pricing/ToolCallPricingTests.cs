using Tollgate.Core.Exchange;
using Tollgate.Core.Pricing;

namespace Tollgate.Core.Tests.Pricing;

/// <summary>
/// The pricing file's <c>tool_calls</c>: per-call prices of the built-in tools, read strictly, merged over the built-in
/// ones like model prices, discounted like the model that made the calls, and never a silent $0 for a kind without one.
/// </summary>
public sealed class ToolCallPricingTests : IDisposable
{
    private const string Acme = "\"models\": { \"acme-large\": { \"provider\": \"acme\", \"input_per_million\": 1, \"output_per_million\": 2 } }";

    private readonly string _directory = Directory.CreateTempSubdirectory("tollgate-pricing-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("openai", BuiltInToolKinds.WebSearch, "0.01")]
    [InlineData("openai", BuiltInToolKinds.FileSearch, "0.0025")]
    [InlineData("openai", BuiltInToolKinds.CodeInterpreter, "0.03")]
    [InlineData("anthropic", BuiltInToolKinds.WebSearch, "0.01")]
    public void The_built_in_catalog_prices_the_tools_the_providers_bill_per_call(string provider, string kind, string perCall)
    {
        var price = PricingCatalog.LoadDefault().FindToolCall(provider, kind);

        Assert.NotNull(price);
        Assert.Equal(decimal.Parse(perCall, System.Globalization.CultureInfo.InvariantCulture), price.PerCall);
    }

    [Fact]
    public void Image_generation_has_no_per_call_price_in_the_built_in_catalog()
    {
        // Billed as image tokens of the image model, which the answer's usage does not report: not a per-call price.
        Assert.Null(PricingCatalog.LoadDefault().FindToolCall("openai", BuiltInToolKinds.ImageGeneration));
    }

    [Fact]
    public void Calls_are_priced_per_kind_and_a_kind_without_a_price_is_named_never_free()
    {
        var catalog = PricingCatalog.LoadDefault();
        var gpt4o = catalog.Find("gpt-4o");

        var charge = catalog.PriceToolCalls(new BuiltInToolCalls(WebSearch: 2, FileSearch: 1, CodeInterpreter: 1, ImageGeneration: 1), gpt4o, "openai");

        // 2 × 0.01 + 1 × 0.0025 + 1 × 0.03 = 0.0525; the image generation call is unpriced.
        Assert.Equal(0.0525m, charge.ListUsd);
        Assert.Equal(0.0525m, charge.CostUsd);
        Assert.Equal("1 image_generation_call", charge.Unpriced);
    }

    [Theory]
    [InlineData("{ \"tool_calls\": { \"openai\": { \"web_serch\": { \"per_call\": 0.01 } } } }", "\"tool_calls\" names an unknown tool \"web_serch\" of provider \"openai\"")]
    [InlineData("{ \"tool_calls\": { \"openai\": { \"web_search\": { \"per_call\": -0.01 } } } }", "tool \"web_search\" of provider \"openai\" has a negative \"per_call\" price (-0.01)")]
    [InlineData("{ \"tool_calls\": { \"openai\": { \"web_search\": { \"per_call\": 0.01, \"models\": { \"gpt-4o\": -1 } } } } }", "tool \"web_search\" of provider \"openai\" for model \"gpt-4o\" has a negative \"per_call\" price (-1)")]
    [InlineData("{ \"tool_calls\": { \"openai\": { \"web_search\": { } } } }", "tool \"web_search\" of provider \"openai\" has no \"per_call\" price")]
    [InlineData("{ \"tool_calls\": { \"openai\": { \"web_search\": { \"per_call\": 0.01, \"per_search\": 0.01 } } } }", "per_search")]
    [InlineData("{ \"tool_calls\": { \"openai\": { \"web_search\": null } } }", "tool \"web_search\" of provider \"openai\" is null")]
    [InlineData("{ \"tool_calls\": { \"openai\": { \"web_search\": { \"per_call\": 0.01, \"models\": { \"gpt-9-ultra\": 0.02 } } } } }", "prices model \"gpt-9-ultra\", which the catalog does not price")]
    [InlineData("{ \"tool_calls\": { \"nobody\": { \"web_search\": { \"per_call\": 0.01 } } } }", "names provider \"nobody\", which no model in the catalog has")]
    public void A_wrong_tool_price_is_refused_with_the_problem_named(string json, string problem)
    {
        var path = Write(json);

        var error = Assert.Throws<PricingCatalogException>(() => PricingCatalog.Load(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_override_file_replaces_a_built_in_tool_price_and_keeps_the_others()
    {
        var catalog = PricingCatalog.Load(Write("""
            { "tool_calls": { "openai": { "web_search": { "per_call": 0.025, "models": { "gpt-5-2025-08-07": 0.01 } } } } }
            """));

        var webSearch = catalog.FindToolCall("openai", BuiltInToolKinds.WebSearch);
        Assert.NotNull(webSearch);
        Assert.Equal(0.025m, webSearch.PriceFor("gpt-4o"));
        Assert.Equal(0.01m, webSearch.PriceFor("gpt-5")); // the alias resolved to its model
        Assert.Equal(0.0025m, catalog.FindToolCall("openai", BuiltInToolKinds.FileSearch)?.PerCall);
        Assert.Equal(0.01m, catalog.FindToolCall("anthropic", BuiltInToolKinds.WebSearch)?.PerCall);
    }

    [Fact]
    public void An_override_file_prices_a_tool_of_its_own_provider()
    {
        var catalog = PricingCatalog.Load(Write("{ " + Acme + ", \"tool_calls\": { \"acme\": { \"image_generation\": { \"per_call\": 0.04 } } } }"));

        var charge = catalog.PriceToolCalls(new BuiltInToolCalls(0, 0, 0, ImageGeneration: 3), catalog.Find("acme-large"), provider: null);

        Assert.Equal(0.12m, charge.CostUsd);
        Assert.Null(charge.Unpriced);
    }

    [Fact]
    public void A_provider_discount_applies_to_its_tool_calls()
    {
        var catalog = PricingCatalog.Load(Write("""{ "discounts": { "providers": { "openai": 0.8 } } }"""));

        var charge = catalog.PriceToolCalls(new BuiltInToolCalls(WebSearch: 1, 0, 0, 0), catalog.Find("gpt-4o"), "openai");

        Assert.Equal(0.01m, charge.ListUsd);
        Assert.Equal(0.008m, charge.CostUsd);
    }

    [Fact]
    public void A_model_discount_applies_to_the_tool_calls_that_model_made()
    {
        var catalog = PricingCatalog.Load(Write("""{ "discounts": { "providers": { "openai": 0.8 }, "models": { "gpt-4o": 0.5 } } }"""));

        var byGpt4o = catalog.PriceToolCalls(new BuiltInToolCalls(WebSearch: 1, 0, 0, 0), catalog.Find("gpt-4o"), "openai");
        var byGpt5 = catalog.PriceToolCalls(new BuiltInToolCalls(WebSearch: 1, 0, 0, 0), catalog.Find("gpt-5"), "openai");

        Assert.Equal(0.005m, byGpt4o.CostUsd);
        Assert.Equal(0.008m, byGpt5.CostUsd);
    }

    private string Write(string json)
    {
        var path = Path.Combine(_directory, $"{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }
}
