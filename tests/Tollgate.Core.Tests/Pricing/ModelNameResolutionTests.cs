using Tollgate.Core.Pricing;

namespace Tollgate.Core.Tests.Pricing;

/// <summary>
/// Names that look like a dated snapshot but are not one. Each test resolves through a catalog of its own, because
/// a catalog remembers the names it has resolved.
/// </summary>
public sealed class ModelNameResolutionTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tollgate-pricing-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("gpt-4o-mini_2024_07_18")]
    [InlineData("gpt-4o-mini_2024_07-18")]
    [InlineData("gpt-4o-mini-2024_07-18")]
    [InlineData("gpt-4o-mini-abcd-ef-gh")]
    [InlineData("claude-3-5-haiku-previews")]
    public void A_suffix_that_is_not_a_date_is_not_taken_off(string model)
    {
        Assert.Null(FreshCatalog().Find(model));
    }

    [Theory]
    [InlineData("openrouter/gpt-4o-mini-2024-07-18", "gpt-4o-mini")]
    [InlineData("gpt-4.1-nano-2099-12-31", "gpt-4.1-nano")]
    [InlineData("claude-3-opus-20991231", "claude-3-opus")]
    public void A_real_date_suffix_is_taken_off(string model, string expected)
    {
        Assert.Equal(expected, FreshCatalog().Find(model)?.Model);
    }

    private PricingCatalog FreshCatalog()
    {
        var path = Path.Combine(_directory, $"{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """{ "models": {} }""");
        return PricingCatalog.Load(path);
    }
}
