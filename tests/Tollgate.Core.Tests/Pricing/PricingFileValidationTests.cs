using System.Text.Json;
using Tollgate.Core.Pricing;

namespace Tollgate.Core.Tests.Pricing;

/// <summary>Pricing files that are well-formed JSON but not a valid price list: each is refused, naming the problem.</summary>
public sealed class PricingFileValidationTests : IDisposable
{
    private const string Prices = "\"provider\": \"acme\", \"input_per_million\": 1, \"output_per_million\": 2";

    private readonly string _directory = Directory.CreateTempSubdirectory("tollgate-pricing-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("{ \"models\": { \"acme\": { " + Prices + " }, \"ACME\": { " + Prices + " } } }", "model \"ACME\" is listed twice")]
    [InlineData("{ \"models\": { \" acme\": { " + Prices + " } } }", "model name \" acme\" is empty or has leading or trailing spaces")]
    [InlineData("{ \"models\": { \"acme\": null } }", "model \"acme\" is null instead of an object with prices")]
    [InlineData("{ \"models\": { \"acme\": { " + Prices + ", \"aliases\": [\"\"] } } }", "an alias of \"acme\" is empty")]
    [InlineData("{ \"aliases\": { \"house\": \" \" } }", "alias \"house\" does not name a model")]
    [InlineData("{ \"models\": { \"acme\": { " + Prices + ", \"aliases\": [\"acme-l\"] }, \"acme-l\": { " + Prices + " } } }", "\"acme-l\" is both a model and an alias")]
    [InlineData("{ \"models\": { \"a\": { " + Prices + ", \"aliases\": [\"x\"] }, \"b\": { " + Prices + ", \"aliases\": [\"x\"] } } }", "alias \"x\" points to both \"a\" and \"b\"")]
    public void An_inconsistent_price_list_is_refused_with_the_problem_named(string json, string problem)
    {
        var path = Write(json);

        var error = Assert.Throws<PricingCatalogException>(() => PricingCatalog.Load(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cached_input_per_million")]
    [InlineData("cache_write_per_million")]
    [InlineData("batch_input_per_million")]
    [InlineData("batch_output_per_million")]
    public void A_negative_optional_price_is_refused_with_its_name(string property)
    {
        var path = Write($"{{ \"models\": {{ \"acme\": {{ {Prices}, \"{property}\": -0.5 }} }} }}");

        var error = Assert.Throws<PricingCatalogException>(() => PricingCatalog.Load(path));

        Assert.Contains($"model \"acme\" has a negative \"{property}\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_json_keeps_the_parser_error_as_the_inner_exception()
    {
        var path = Write("{ \"models\": ");

        var error = Assert.Throws<PricingCatalogException>(() => PricingCatalog.Load(path));

        Assert.IsType<JsonException>(error.InnerException, exactMatch: false);
    }

    [Fact]
    public void The_same_alias_given_twice_for_one_model_is_accepted()
    {
        var catalog = PricingCatalog.Load(Write("{ \"models\": { \"acme\": { " + Prices + ", \"aliases\": [\"acme-l\"] } }, \"aliases\": { \"ACME-L\": \"acme\" } }"));

        Assert.Equal("acme", catalog.Find("acme-l")?.Model);
    }

    private string Write(string json)
    {
        var path = Path.Combine(_directory, $"{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }
}
