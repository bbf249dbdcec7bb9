using Tollgate.Core.Exchange;
using Tollgate.Core.Requests;

namespace Tollgate.Core.Tests.Requests;

/// <summary>Each edit alone on an Anthropic Messages body; expected bodies written out by hand.</summary>
public sealed class AnthropicRequestEditTests
{
    private const string Body = """{"model":"claude-sonnet-4","max_tokens":1024,"messages":[{"role":"user","content":"hi"}],"metadata":{"user_id":"u"}}""";

    private static string Edit(string json, Action<RequestEdits> record)
    {
        var edits = new RequestEdits();
        record(edits);
        return EditedBody.AnthropicMessages(json, edits);
    }

    [Fact]
    public void The_model_is_replaced_in_place()
    {
        Assert.Equal(
            """{"model":"claude-haiku-4","max_tokens":1024,"messages":[{"role":"user","content":"hi"}],"metadata":{"user_id":"u"}}""",
            Edit(Body, e => e.SetModel("claude-haiku-4", "route")));
    }

    [Fact]
    public void The_output_limit_replaces_max_tokens()
    {
        Assert.Equal(
            """{"model":"claude-sonnet-4","max_tokens":300,"messages":[{"role":"user","content":"hi"}],"metadata":{"user_id":"u"}}""",
            Edit(Body, e => e.SetMaxOutputTokens(300, "budget")));
    }

    [Fact]
    public void The_output_limit_is_added_as_max_tokens_and_never_as_the_OpenAI_name()
    {
        Assert.Equal(
            """{"model":"m","max_completion_tokens":5,"messages":[],"max_tokens":300}""",
            Edit("""{"model":"m","max_completion_tokens":5,"messages":[]}""", e => e.SetMaxOutputTokens(300, "budget")));
    }

    [Fact]
    public void Stop_sequences_are_added_to_the_clients_own_without_OpenAIs_limit_of_four()
    {
        var edits = new RequestEdits();
        foreach (var stop in new[] { "s1", "s2", "s3", "s4", "s5" })
        {
            edits.AddStopSequence(stop, "shape");
        }

        Assert.Equal(
            """{"model":"m","stop_sequences":["s0","s1","s2","s3","s4","s5"]}""",
            EditedBody.AnthropicMessages("""{"model":"m","stop_sequences":["s0","s1"]}""", edits));
        Assert.Equal(
            """{"model":"m","stop":"x","stop_sequences":["s1","s2","s3","s4","s5"]}""",
            EditedBody.AnthropicMessages("""{"model":"m","stop":"x"}""", edits));
    }

    [Fact]
    public void The_system_addition_is_appended_to_a_system_string_after_a_blank_line()
    {
        Assert.Equal(
            """{"model":"m","system":"You are terse.\n\nBe brief.","messages":[]}""",
            Edit("""{"model":"m","system":"You are terse.","messages":[]}""", e => e.AppendToSystemPrompt("Be brief.", "shape")));
    }

    [Fact]
    public void The_system_addition_becomes_a_text_block_after_the_clients_blocks()
    {
        // After the block carrying cache_control, so the cached prefix stays the same.
        Assert.Equal(
            """{"model":"m","system":[{"type":"text","text":"Long rules","cache_control":{"type":"ephemeral"}},{"type":"text","text":"Be brief."}],"messages":[]}""",
            Edit(
                """{"model":"m","system":[{"type":"text","text":"Long rules","cache_control":{"type":"ephemeral"}}],"messages":[]}""",
                e => e.AppendToSystemPrompt("Be brief.", "shape")));
    }

    [Fact]
    public void Without_a_system_prompt_one_is_added()
    {
        Assert.Equal(
            """{"model":"m","messages":[],"system":"Be brief."}""",
            Edit("""{"model":"m","messages":[]}""", e => e.AppendToSystemPrompt("Be brief.", "shape")));
        Assert.Equal(
            """{"model":"m","system":"Be brief.","messages":[]}""",
            Edit("""{"model":"m","system":null,"messages":[]}""", e => e.AppendToSystemPrompt("Be brief.", "shape")));
        Assert.Equal(
            """{"model":"m","system":[{"type":"text","text":"Be brief."}]}""",
            Edit("""{"model":"m","system":[]}""", e => e.AppendToSystemPrompt("Be brief.", "shape")));
    }

    [Fact]
    public void A_token_count_gets_the_model_and_system_addition_but_no_output_limit_or_stops()
    {
        var edits = new RequestEdits();
        edits.SetModel("claude-haiku-4", "route");
        edits.SetMaxOutputTokens(10, "budget");
        edits.AddStopSequence("END", "shape");
        edits.AppendToSystemPrompt("Be brief.", "shape");

        var edited = EditedBody.Apply("""{"model":"m","system":"S","messages":[]}""", WireProtocol.Anthropic, ExchangeOperation.CountTokens, edits);

        Assert.Equal("""{"model":"claude-haiku-4","system":"S\n\nBe brief.","messages":[]}""", edited);
    }

    [Fact]
    public void OpenAIs_stream_usage_switch_leaves_an_Anthropic_body_untouched()
    {
        var edits = new RequestEdits();
        edits.IncludeStreamUsage("usage");
        ReadOnlyMemory<byte> body = System.Text.Encoding.UTF8.GetBytes(Body);

        Assert.True(RequestBodyEditor.Apply(body, WireProtocol.Anthropic, ExchangeOperation.Messages, edits).Equals(body));
    }

    [Fact]
    public void A_raw_member_is_set_and_another_removed()
    {
        var edits = new RequestEdits();
        edits.SetProperty("cache_control", """{"type":"ephemeral"}"""u8, "cache");
        edits.RemoveProperty("metadata", "privacy");

        Assert.Equal(
            """{"model":"claude-sonnet-4","max_tokens":1024,"messages":[{"role":"user","content":"hi"}],"cache_control":{"type":"ephemeral"}}""",
            EditedBody.AnthropicMessages(Body, edits));
    }
}
