using Tollgate.Core.Requests;

namespace Tollgate.Core.Tests.Requests;

public sealed class RequestEditsTests
{
    [Fact]
    public void Nothing_is_recorded_until_the_first_edit()
    {
        var edits = new RequestEdits();

        Assert.True(edits.IsEmpty);
        Assert.Empty(edits.InEffect);
        Assert.Null(edits.Model);
    }

    [Fact]
    public void A_later_edit_of_the_same_field_wins_and_names_its_own_lever()
    {
        var edits = new RequestEdits();
        edits.SetModel("gpt-4o", "route");
        edits.SetMaxOutputTokens(512, "budget");
        edits.SetModel("gpt-4o-mini", "fallback");

        Assert.Equal("gpt-4o-mini", edits.Model);
        Assert.Equal(
            [new RequestEdit(RequestEditKind.MaxOutputTokens, "budget", "512"), new RequestEdit(RequestEditKind.Model, "fallback", "gpt-4o-mini")],
            edits.InEffect);
    }

    [Fact]
    public void Additions_accumulate_in_the_order_recorded_and_a_repeated_stop_sequence_counts_once()
    {
        var edits = new RequestEdits();
        edits.AddStopSequence("END", "shape");
        edits.AppendToSystemPrompt("Be brief.", "shape");
        edits.AddStopSequence("END", "guard");
        edits.AppendToSystemPrompt("No markdown.", "guard");

        Assert.Equal(
            [
                new RequestEdit(RequestEditKind.StopSequence, "shape", "END"),
                new RequestEdit(RequestEditKind.SystemPrompt, "shape", "Be brief."),
                new RequestEdit(RequestEditKind.SystemPrompt, "guard", "No markdown."),
            ],
            edits.InEffect);
    }

    [Fact]
    public void Removing_a_member_after_setting_it_leaves_only_the_removal()
    {
        var edits = new RequestEdits();
        edits.SetProperty("prompt_cache_key", "\"k1\""u8, "cache");
        edits.RemoveProperty("prompt_cache_key", "guard");

        Assert.Equal([new RequestEdit(RequestEditKind.RemoveProperty, "guard", null, "prompt_cache_key")], edits.InEffect);
    }

    [Theory]
    [InlineData("model")]
    [InlineData("messages")]
    [InlineData("max_tokens")]
    [InlineData("max_completion_tokens")]
    [InlineData("stream_options")]
    [InlineData("stop")]
    [InlineData("stop_sequences")]
    [InlineData("system")]
    public void A_raw_edit_of_a_member_a_typed_edit_owns_is_refused(string name)
    {
        var edits = new RequestEdits();

        var refused = Assert.Throws<ArgumentException>(() => edits.SetProperty(name, "1"u8, "lever"));
        Assert.Contains("typed edit", refused.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => edits.RemoveProperty(name, "lever"));
        Assert.True(edits.IsEmpty);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"a\":")]
    [InlineData("1 2")]
    [InlineData("'single'")]
    public void A_raw_value_that_is_not_exactly_one_JSON_value_is_refused(string value)
    {
        var edits = new RequestEdits();

        Assert.Throws<ArgumentException>(() => edits.SetProperty("x", System.Text.Encoding.UTF8.GetBytes(value), "lever"));
        Assert.True(edits.IsEmpty);
    }

    [Fact]
    public void An_edit_without_a_lever_is_refused()
    {
        var edits = new RequestEdits();

        Assert.Throws<ArgumentException>(() => edits.SetModel("m", ""));
        Assert.Throws<ArgumentOutOfRangeException>(() => edits.SetMaxOutputTokens(0, "cap"));
        Assert.True(edits.IsEmpty);
    }
}
