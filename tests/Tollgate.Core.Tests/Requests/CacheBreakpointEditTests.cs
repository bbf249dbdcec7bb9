using Tollgate.Core.Requests;

namespace Tollgate.Core.Tests.Requests;

/// <summary>Anthropic prompt-cache breakpoints marked on a messages body; expected bodies written out by hand.</summary>
public sealed class CacheBreakpointEditTests
{
    private const string Marker = "\"cache_control\":{\"type\":\"ephemeral\"}";

    private static string Mark(string json, CacheBreakpoints breakpoints, Action<RequestEdits>? more = null)
    {
        var edits = new RequestEdits();
        edits.MarkCacheBreakpoints(breakpoints, "prompt-cache");
        more?.Invoke(edits);
        return EditedBody.AnthropicMessages(json, edits);
    }

    [Fact]
    public void The_last_tool_definition_gets_the_breakpoint()
    {
        Assert.Equal(
            """{"model":"m","tools":[{"name":"a","input_schema":{}},{"name":"b","input_schema":{"type":"object"},""" + Marker + "}],\"messages\":[]}",
            Mark("""{"model":"m","tools":[{"name":"a","input_schema":{}},{"name":"b","input_schema":{"type":"object"}}],"messages":[]}""", new(true, false, -1)));
    }

    [Fact]
    public void A_system_string_becomes_one_text_block_carrying_the_breakpoint_with_its_text_as_written()
    {
        Assert.Equal(
            """{"model":"m","system":[{"type":"text","text":"Rules \u00e9\n1.",""" + Marker + "}],\"messages\":[]}",
            Mark("""{"model":"m","system":"Rules \u00e9\n1.","messages":[]}""", new(false, true, -1)));
    }

    [Fact]
    public void The_last_cacheable_system_block_gets_the_breakpoint()
    {
        Assert.Equal(
            """{"system":[{"type":"text","text":"a"},{"type":"text","text":"b",""" + Marker + """},{"type":"text","text":""}]}""",
            Mark("""{"system":[{"type":"text","text":"a"},{"type":"text","text":"b"},{"type":"text","text":""}]}""", new(false, true, -1)));
    }

    [Fact]
    public void An_appended_system_instruction_comes_before_the_breakpoint_so_it_is_cached_with_the_prompt()
    {
        Assert.Equal(
            """{"system":[{"type":"text","text":"Rules.\n\nBe brief.",""" + Marker + "}]}",
            Mark("""{"system":"Rules."}""", new(false, true, -1), e => e.AppendToSystemPrompt("Be brief.", "output-policy")));
        Assert.Equal(
            """{"system":[{"type":"text","text":"Rules."},{"type":"text","text":"Be brief.",""" + Marker + "}]}",
            Mark("""{"system":[{"type":"text","text":"Rules."}]}""", new(false, true, -1), e => e.AppendToSystemPrompt("Be brief.", "output-policy")));
    }

    [Fact]
    public void The_message_before_the_final_turn_gets_the_breakpoint_on_its_last_block_that_can_carry_one()
    {
        Assert.Equal(
            """{"messages":[{"role":"user","content":[{"type":"text","text":"q1"}]},{"role":"assistant","content":[{"type":"text","text":"a1",""" + Marker + """},{"type":"thinking","thinking":"t","signature":"s"}]},{"role":"user","content":"q2"}]}""",
            Mark("""{"messages":[{"role":"user","content":[{"type":"text","text":"q1"}]},{"role":"assistant","content":[{"type":"text","text":"a1"},{"type":"thinking","thinking":"t","signature":"s"}]},{"role":"user","content":"q2"}]}""", new(false, false, 1)));
    }

    [Fact]
    public void A_message_string_content_becomes_one_text_block_carrying_the_breakpoint()
    {
        Assert.Equal(
            """{"messages":[{"role":"user","content":[{"type":"text","text":"q1",""" + Marker + """}]},{"role":"assistant","content":"a1"}]}""",
            Mark("""{"messages":[{"role":"user","content":"q1"},{"role":"assistant","content":"a1"}]}""", new(false, false, 0)));
    }

    [Fact]
    public void All_three_breakpoints_go_in_one_pass_whatever_the_member_order()
    {
        var edited = Mark(
            """{"messages":[{"role":"user","content":"q1"},{"role":"assistant","content":"a1"},{"role":"user","content":"q2"}],"system":"S","tools":[{"name":"t"}],"model":"m"}""",
            new(true, true, 1));

        Assert.Equal(
            """{"messages":[{"role":"user","content":"q1"},{"role":"assistant","content":[{"type":"text","text":"a1",""" + Marker + """}]},{"role":"user","content":"q2"}],"system":[{"type":"text","text":"S",""" + Marker + """}],"tools":[{"name":"t",""" + Marker + "}],\"model\":\"m\"}",
            edited);
    }

    [Fact]
    public void OpenAI_bodies_and_token_counts_are_left_alone()
    {
        var edits = new RequestEdits();
        edits.MarkCacheBreakpoints(new(true, true, 0), "prompt-cache");
        const string Body = """{"model":"m","tools":[{"name":"t"}],"messages":[{"role":"user","content":"q"}]}""";

        Assert.Equal(Body, EditedBody.OpenAIChat(Body, edits));
        Assert.Equal(Body, EditedBody.Apply(Body, Core.Exchange.WireProtocol.Anthropic, Core.Exchange.ExchangeOperation.CountTokens, edits));
    }
}
