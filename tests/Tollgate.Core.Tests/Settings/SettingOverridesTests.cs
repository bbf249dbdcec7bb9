using System.Text.Json;
using Tollgate.Core.Settings;

namespace Tollgate.Core.Tests.Settings;

public sealed class SettingOverridesTests
{
    [Fact]
    public void An_object_merges_into_the_overrides_already_made_member_by_member()
    {
        var layer = SettingOverrides.Empty.With("Features:summarize", Json("""{"Output":{"MaxTokensCap":200}}"""));

        layer = layer.With("Features:summarize", Json("""{"Enabled":false,"Output":{"DefaultMaxTokens":100}}"""));

        Assert.Equal(
            [
                new SettingOverride("Features:summarize:Enabled", "false"),
                new SettingOverride("Features:summarize:Output:DefaultMaxTokens", "100"),
                new SettingOverride("Features:summarize:Output:MaxTokensCap", "200"),
            ],
            layer.All);
        Assert.True(layer.Hides("Features:summarize:Enabled"));
        Assert.False(layer.Hides("Features:summarize:Model")); // the file's other members stay
    }

    [Fact]
    public void An_array_replaces_what_was_at_its_path_and_hides_the_file_elements_below_it()
    {
        var layer = SettingOverrides.Empty.With("RateLimits", Json("""[{"Scope":"user","RequestsPerMinute":5},{"Scope":"team","RequestsPerMinute":9}]"""));

        layer = layer.With("RateLimits", Json("""[{"Scope":"global","RequestsPerMinute":1}]"""));

        Assert.Equal(
            [
                new SettingOverride("RateLimits", null, ReplacesBelow: true),
                new SettingOverride("RateLimits:0:RequestsPerMinute", "1"),
                new SettingOverride("RateLimits:0:Scope", "global"),
            ],
            layer.All);
        Assert.True(layer.Hides("RateLimits:1:Scope"));
        Assert.True(layer.Hides("RateLimits:0:Match"));
        Assert.False(layer.Hides("RateLimitsOther"));
    }

    [Fact]
    public void A_scalar_replaces_an_object_made_before_at_its_path()
    {
        var layer = SettingOverrides.Empty.With("Features:x:Output", Json("""{"MaxTokensCap":200}"""));

        layer = layer.With("Features:x:Output", Json("null"));

        Assert.Equal([new SettingOverride("Features:x:Output", null, ReplacesBelow: true)], layer.All);
        Assert.True(layer.Hides("Features:x:Output:DefaultMaxTokens"));
    }

    [Fact]
    public void Removing_a_path_removes_the_overrides_at_and_below_it_and_no_sibling_sharing_its_prefix()
    {
        var layer = SettingOverrides.Empty.With("Features", Json("""{"summarize":{"Enabled":false},"summarizer":{"Enabled":false}}"""));

        var without = layer.Without("Features:summarize", out var removed);

        Assert.Equal(1, removed);
        Assert.Equal([new SettingOverride("Features:summarizer:Enabled", "false")], without.All);
    }

    [Fact]
    public void A_member_name_holding_the_separator_is_refused()
    {
        Assert.Throws<ArgumentException>(() => SettingOverrides.Empty.With("Features", Json("""{"a:b":1}""")));
    }

    [Theory]
    [InlineData("Features/summarize/Output", "Features:summarize:Output")]
    [InlineData("/Features:summarize/", "Features:summarize")]
    [InlineData("Features//summarize", null)]
    [InlineData("", null)]
    public void A_path_is_read_with_slashes_or_colons_between_its_segments(string text, string? expected)
    {
        Assert.Equal(expected, SettingPath.Parse(text));
    }

    private static JsonElement Json(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}
