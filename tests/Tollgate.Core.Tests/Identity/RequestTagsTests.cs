using System.Text.Json;
using Tollgate.Core.Identity;

namespace Tollgate.Core.Tests.Identity;

/// <summary>The rules of <c>x-tollgate-tags</c> and of a key's tags: bounded, strict, and one canonical form.</summary>
public sealed class RequestTagsTests
{
    private static RequestTags Parse(string? header)
    {
        Assert.True(RequestTags.TryParse(header, out var tags, out var error), error);
        return tags;
    }

    private static string Refusal(string header)
    {
        Assert.False(RequestTags.TryParse(header, out _, out var error), $"'{header}' was accepted");
        return error;
    }

    [Fact]
    public void A_header_is_read_into_tags_in_key_order_keys_lower_case_and_items_trimmed()
    {
        var tags = Parse(" project = atlas ,Env=prod,\tcost.centre=R&D west ");

        Assert.Equal("cost.centre=R&D west,env=prod,project=atlas", tags.ToString());
        Assert.Equal(3, tags.Count);
        Assert.Equal(new KeyValuePair<string, string>("cost.centre", "R&D west"), tags[0]);
    }

    [Fact]
    public void Tags_are_found_by_key_whatever_its_case()
    {
        var tags = Parse("project=Atlas");

        Assert.True(tags.TryGetValue("PROJECT", out var value));
        Assert.Equal("Atlas", value); // values keep their case
        Assert.False(tags.TryGetValue("proj", out _));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void No_header_is_no_tags(string? header) => Assert.Same(RequestTags.Empty, Parse(header));

    [Fact]
    public void Ten_tags_are_accepted_and_an_eleventh_is_refused()
    {
        var ten = string.Join(',', Enumerable.Range(0, 10).Select(i => $"k{i}=v"));

        Assert.Equal(10, Parse(ten).Count);
        Assert.Equal("x-tollgate-tags: at most 10 tags are allowed.", Refusal(ten + ",k10=v"));
    }

    [Fact]
    public void Keys_and_values_at_their_longest_are_accepted()
    {
        var tags = Parse(new string('k', 40) + "=" + new string('v', 100));

        Assert.Equal(new string('v', 100), tags[0].Value);
    }

    [Theory]
    [InlineData("project=atlas,,env=prod", "x-tollgate-tags: item 2 is empty; send key=value pairs separated by commas, e.g. project=atlas,env=prod.")]
    [InlineData("project=atlas,", "x-tollgate-tags: item 2 is empty; send key=value pairs separated by commas, e.g. project=atlas,env=prod.")]
    [InlineData("project", "x-tollgate-tags: item 1 is not key=value.")]
    [InlineData("=atlas", "x-tollgate-tags: tag 1 has an invalid key: a key is 1 to 40 of the characters a-z, 0-9, '_', '.' and '-'.")]
    [InlineData("a=1,pro ject=atlas", "x-tollgate-tags: tag 2 has an invalid key: a key is 1 to 40 of the characters a-z, 0-9, '_', '.' and '-'.")]
    [InlineData("projét=atlas", "x-tollgate-tags: tag 1 has an invalid key: a key is 1 to 40 of the characters a-z, 0-9, '_', '.' and '-'.")]
    [InlineData("project=", "x-tollgate-tags: the value of 'project' must be 1 to 100 printable ASCII characters, without ',' or '='.")]
    [InlineData("project=a=b", "x-tollgate-tags: the value of 'project' must be 1 to 100 printable ASCII characters, without ',' or '='.")]
    [InlineData("project=at\u0001las", "x-tollgate-tags: the value of 'project' must be 1 to 100 printable ASCII characters, without ',' or '='.")]
    [InlineData("project=atlás", "x-tollgate-tags: the value of 'project' must be 1 to 100 printable ASCII characters, without ',' or '='.")]
    [InlineData("project=atlas,PROJECT=zeus", "x-tollgate-tags: the tag 'project' is named twice (keys are case-insensitive).")]
    [InlineData("b=1,project=atlas,a=2,project=atlas", "x-tollgate-tags: the tag 'project' is named twice (keys are case-insensitive).")]
    public void A_header_that_breaks_a_rule_is_refused_with_a_message_naming_it(string header, string message) =>
        Assert.Equal(message, Refusal(header));

    [Fact]
    public void Keys_and_values_over_their_length_are_refused()
    {
        Assert.Contains("invalid key", Refusal(new string('k', 41) + "=v"));
        Assert.Contains("the value of 'k'", Refusal("k=" + new string('v', 101)));
    }

    [Fact]
    public void Tags_made_from_pairs_follow_the_same_rules_and_name_their_source()
    {
        var tags = RequestTags.Create([new("Project", " atlas "), new("env", "prod")], "--tag");

        Assert.Equal("env=prod,project=atlas", tags.ToString());
        var refused = Assert.Throws<ArgumentException>(() => RequestTags.Create([new("project", "a,b")], "--tag"));
        Assert.StartsWith("--tag: the value of 'project'", refused.Message, StringComparison.Ordinal);
        Assert.Same(RequestTags.Empty, RequestTags.Create(null));
    }

    [Fact]
    public void Tags_with_the_same_pairs_in_any_order_are_equal()
    {
        var a = Parse("project=atlas,env=prod");
        var b = RequestTags.Create([new("ENV", "prod"), new("project", "atlas")]);

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, Parse("project=Atlas,env=prod"));
    }

    [Fact]
    public void Combined_tags_keep_this_sides_value_and_key_order()
    {
        var key = Parse("project=atlas,env=prod");

        Assert.True(key.TryCombine(Parse("zone=eu,env=staging,batch=7"), out var combined));

        Assert.Equal("batch=7,env=prod,project=atlas,zone=eu", combined.ToString());
        Assert.True(key.TryCombine(RequestTags.Empty, out var same));
        Assert.Same(key, same);
    }

    [Fact]
    public void Combining_past_ten_tags_fails()
    {
        var key = Parse(string.Join(',', Enumerable.Range(0, 6).Select(i => $"k{i}=v")));
        var sent = Parse(string.Join(',', Enumerable.Range(4, 6).Select(i => $"k{i}=v"))); // k4, k5 shared: 10 in all

        Assert.True(key.TryCombine(sent, out var ten));
        Assert.Equal(10, ten.Count);
        Assert.False(key.TryCombine(Parse(string.Join(',', Enumerable.Range(5, 6).Select(i => $"k{i}=v"))), out _));
    }

    [Fact]
    public void The_json_form_is_an_object_in_key_order_that_reads_back_the_same()
    {
        var tags = Parse("project=atlas,note=say \"hi\" \\o/");

        Assert.Equal("{\"note\":\"say \\\"hi\\\" \\\\o/\",\"project\":\"atlas\"}", tags.ToJson());
        Assert.Equal(tags, RequestTags.FromJson(tags.ToJson()));
        Assert.Equal("{}", RequestTags.Empty.ToJson());
        using var document = JsonDocument.Parse(tags.ToJson());
        Assert.Equal("say \"hi\" \\o/", document.RootElement.GetProperty("note").GetString());
    }

    [Theory]
    [InlineData("[\"project\"]")]
    [InlineData("{\"project\":1}")]
    [InlineData("{\"project\":\"a=b\"}")]
    [InlineData("{\"project\":\"a\",\"Project\":\"b\"}")]
    public void Json_that_breaks_the_rules_is_refused(string json) =>
        Assert.ThrowsAny<JsonException>(() => RequestTags.FromJson(json));

    [Fact]
    public void Enumerating_gives_every_tag_in_key_order()
    {
        var keys = new List<string>();
        foreach (var (key, _) in Parse("c=3,a=1,b=2"))
        {
            keys.Add(key);
        }

        Assert.Equal(["a", "b", "c"], keys);
    }
}
