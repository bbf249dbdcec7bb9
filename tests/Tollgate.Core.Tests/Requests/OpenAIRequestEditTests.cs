using Tollgate.Core.Requests;

namespace Tollgate.Core.Tests.Requests;

/// <summary>Each edit alone on an OpenAI chat body; expected bodies written out by hand.</summary>
public sealed class OpenAIRequestEditTests
{
    private static string Edit(string json, Action<RequestEdits> record)
    {
        var edits = new RequestEdits();
        record(edits);
        return EditedBody.OpenAIChat(json, edits);
    }

    [Fact]
    public void The_model_is_replaced_in_place()
    {
        var edited = Edit("""{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}],"x_vendor":{"a":1}}""", e => e.SetModel("gpt-4o-mini", "route"));

        Assert.Equal("""{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}],"x_vendor":{"a":1}}""", edited);
    }

    [Fact]
    public void The_output_limit_keeps_max_tokens_when_the_client_used_it()
    {
        var edited = Edit("""{"model":"m","max_tokens":4096,"messages":[]}""", e => e.SetMaxOutputTokens(256, "budget"));

        Assert.Equal("""{"model":"m","max_tokens":256,"messages":[]}""", edited);
    }

    [Fact]
    public void The_output_limit_keeps_max_completion_tokens_when_the_client_used_it()
    {
        var edited = Edit("""{"model":"m","max_completion_tokens":null,"messages":[]}""", e => e.SetMaxOutputTokens(256, "budget"));

        Assert.Equal("""{"model":"m","max_completion_tokens":256,"messages":[]}""", edited);
    }

    [Fact]
    public void The_output_limit_is_added_as_max_completion_tokens_when_the_client_set_none()
    {
        var edited = Edit("""{"model":"m","messages":[]}""", e => e.SetMaxOutputTokens(256, "budget"));

        Assert.Equal("""{"model":"m","messages":[],"max_completion_tokens":256}""", edited);
    }

    [Fact]
    public void A_stop_string_becomes_an_array_with_the_addition_after_it()
    {
        var edited = Edit("""{"model":"m","stop":"\n\nEND","messages":[]}""", e => e.AddStopSequence("</answer>", "shape"));

        Assert.Equal("""{"model":"m","stop":["\n\nEND","</answer>"],"messages":[]}""", edited);
    }

    [Fact]
    public void A_stop_array_gets_the_addition_before_its_closing_bracket()
    {
        var edited = Edit("""{"model":"m","stop":[ "a" , "b" ],"messages":[]}""", e => e.AddStopSequence("c", "shape"));

        Assert.Equal("""{"model":"m","stop":[ "a" , "b" ,"c"],"messages":[]}""", edited);
    }

    [Fact]
    public void Stop_sequences_are_added_when_the_client_sent_none_or_null()
    {
        Assert.Equal("""{"model":"m","messages":[],"stop":["c"]}""", Edit("""{"model":"m","messages":[]}""", e => e.AddStopSequence("c", "shape")));
        Assert.Equal("""{"model":"m","stop":["c"],"messages":[]}""", Edit("""{"model":"m","stop":null,"messages":[]}""", e => e.AddStopSequence("c", "shape")));
        Assert.Equal("""{"model":"m","stop":["c"]}""", Edit("""{"model":"m","stop":[]}""", e => e.AddStopSequence("c", "shape")));
    }

    [Fact]
    public void Stop_sequences_never_pass_four_and_the_clients_own_always_stay()
    {
        var edits = new RequestEdits();
        edits.AddStopSequence("x", "shape");
        edits.AddStopSequence("y", "shape");

        Assert.Equal("""{"model":"m","stop":["a","b","c","x"]}""", EditedBody.OpenAIChat("""{"model":"m","stop":["a","b","c"]}""", edits));
        Assert.Equal("""{"model":"m","stop":["a","b","c","d"]}""", EditedBody.OpenAIChat("""{"model":"m","stop":["a","b","c","d"]}""", edits));
        Assert.Equal("""{"model":"m","stop":["a","x","y"]}""", EditedBody.OpenAIChat("""{"model":"m","stop":"a"}""", edits));
    }

    [Fact]
    public void A_stop_sequence_the_client_already_has_is_not_repeated()
    {
        var edited = Edit("""{"model":"m","stop":["\u0045ND"]}""", e => e.AddStopSequence("END", "shape"));

        Assert.Equal("""{"model":"m","stop":["\u0045ND"]}""", edited);
    }

    [Fact]
    public void The_system_addition_is_appended_to_a_system_message_after_a_blank_line()
    {
        var edited = Edit(
            """{"model":"m","messages":[{"role":"system","content":"You are terse."},{"role":"user","content":"hi"}]}""",
            e => e.AppendToSystemPrompt("Answer in French.", "shape"));

        Assert.Equal("""{"model":"m","messages":[{"role":"system","content":"You are terse.\n\nAnswer in French."},{"role":"user","content":"hi"}]}""", edited);
    }

    [Fact]
    public void The_system_addition_goes_to_a_developer_message_found_after_other_messages_and_content_before_role()
    {
        var edited = Edit(
            """{"model":"m","messages":[{"role":"user","content":"hi"},{"content":"Be kind.","name":"d","role":"developer"},{"role":"system","content":"later"}]}""",
            e => e.AppendToSystemPrompt("Be brief.", "shape"));

        Assert.Equal(
            """{"model":"m","messages":[{"role":"user","content":"hi"},{"content":"Be kind.\n\nBe brief.","name":"d","role":"developer"},{"role":"system","content":"later"}]}""",
            edited);
    }

    [Fact]
    public void The_system_addition_becomes_a_text_part_of_a_content_array()
    {
        var edited = Edit(
            """{"model":"m","messages":[{"role":"system","content":[{"type":"text","text":"You are terse."} ]}]}""",
            e => e.AppendToSystemPrompt("Be brief.", "shape"));

        Assert.Equal("""{"model":"m","messages":[{"role":"system","content":[{"type":"text","text":"You are terse."} ,{"type":"text","text":"Be brief."}]}]}""", edited);
    }

    [Fact]
    public void An_empty_or_missing_system_content_gets_the_addition_alone()
    {
        Assert.Equal(
            """{"model":"m","messages":[{"role":"system","content":"Be brief."}]}""",
            Edit("""{"model":"m","messages":[{"role":"system","content":""}]}""", e => e.AppendToSystemPrompt("Be brief.", "shape")));
        Assert.Equal(
            """{"model":"m","messages":[{"role":"system","content":"Be brief."}]}""",
            Edit("""{"model":"m","messages":[{"role":"system","content":null}]}""", e => e.AppendToSystemPrompt("Be brief.", "shape")));
        Assert.Equal(
            """{"model":"m","messages":[{"role":"system","content":[{"type":"text","text":"Be brief."}]}]}""",
            Edit("""{"model":"m","messages":[{"role":"system","content":[]}]}""", e => e.AppendToSystemPrompt("Be brief.", "shape")));
        Assert.Equal(
            """{"model":"m","messages":[{"role":"system","content":"Be brief."}]}""",
            Edit("""{"model":"m","messages":[{"role":"system"}]}""", e => e.AppendToSystemPrompt("Be brief.", "shape")));
    }

    [Fact]
    public void Without_a_system_message_one_is_inserted_first()
    {
        var edited = Edit(
            """{"model":"m","messages":[ {"role":"user","content":null,"x":1},{"role":"assistant","content":"a"}]}""",
            e => e.AppendToSystemPrompt("Be brief.", "shape"));

        Assert.Equal("""{"model":"m","messages":[{"role":"system","content":"Be brief."}, {"role":"user","content":null,"x":1},{"role":"assistant","content":"a"}]}""", edited);
    }

    [Fact]
    public void Several_system_additions_are_joined_by_blank_lines_and_escaped()
    {
        var edits = new RequestEdits();
        edits.AppendToSystemPrompt("Say \"bonjour\".", "shape");
        edits.AppendToSystemPrompt("Ünïcode\tand a \\ stay text.", "guard");

        var edited = EditedBody.OpenAIChat("""{"model":"m","messages":[{"role":"system","content":"S"}]}""", edits);

        Assert.Equal("""{"model":"m","messages":[{"role":"system","content":"S\n\nSay \"bonjour\".\n\nÜnïcode\tand a \\ stay text."}]}""", edited);
    }

    [Fact]
    public void Stream_usage_is_switched_on_in_the_clients_stream_options()
    {
        var edited = Edit("""{"model":"m","stream":true,"stream_options":{"include_usage":false,"x":[1]}}""", e => e.IncludeStreamUsage("usage"));

        Assert.Equal("""{"model":"m","stream":true,"stream_options":{"x":[1],"include_usage":true}}""", edited);
    }

    [Fact]
    public void A_raw_member_is_set_in_place_or_added_at_the_end()
    {
        Assert.Equal(
            """{"model":"m","prompt_cache_key":"tenant-7","messages":[]}""",
            Edit("""{"model":"m","prompt_cache_key":"old","messages":[]}""", e => e.SetProperty("prompt_cache_key", "\"tenant-7\""u8, "cache")));
        Assert.Equal(
            """{"model":"m","messages":[],"prompt_cache_key":{ "k" : [1, 2] }}""",
            Edit("""{"model":"m","messages":[]}""", e => e.SetProperty("prompt_cache_key", "{ \"k\" : [1, 2] }"u8, "cache")));
    }

    [Theory]
    [InlineData("""{"user":"u","model":"m","messages":[]}""", """{"model":"m","messages":[]}""")]
    [InlineData("""{"model":"m", "user" : "u" ,"messages":[]}""", """{"model":"m" ,"messages":[]}""")]
    [InlineData("""{"model":"m","messages":[],"user":"u"}""", """{"model":"m","messages":[]}""")]
    [InlineData("""{ "user":"u" }""", """{  }""")]
    [InlineData("""{"user":1,"user":2,"model":"m","user":3}""", """{"model":"m"}""")]
    public void A_removed_member_takes_exactly_one_comma_with_it(string body, string expected)
    {
        Assert.Equal(expected, Edit(body, e => e.RemoveProperty("user", "privacy")));
    }
}
