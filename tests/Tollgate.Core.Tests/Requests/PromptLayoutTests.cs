using System.Text;
using Tollgate.Core.Exchange;
using Tollgate.Core.PromptCaching;

namespace Tollgate.Core.Tests.Requests;

/// <summary>Where a prompt's cacheable parts lie in a body, and whether the client gave cache hints of its own.</summary>
public sealed class PromptLayoutTests
{
    private static (PromptLayout Layout, string Body) Read(string json, WireProtocol protocol, ExchangeOperation operation) =>
        (PromptLayout.Read(Encoding.UTF8.GetBytes(json), protocol, operation), json);

    private static string Part(string body, int start, int length) => body.Substring(start, length);

    [Fact]
    public void An_anthropic_body_shows_its_tools_system_and_the_turns_before_the_final_user_message()
    {
        var (layout, body) = Read(
            """{"model":"m","system":"S","messages":[{"role":"user","content":"q1"},{"role":"assistant","content":"a1"},{"role":"user","content":"q2"}],"tools":[{"name":"t"}]}""",
            WireProtocol.Anthropic,
            ExchangeOperation.Messages);

        Assert.False(layout.HasClientHints);
        Assert.Equal("\"S\"", Part(body, layout.SystemStart, layout.SystemLength));
        Assert.True(layout.SystemHasContent);
        Assert.Equal("""[{"name":"t"}]""", Part(body, layout.ToolsStart, layout.ToolsLength));
        Assert.Equal(1, layout.MessageBeforeFinalTurn);
        Assert.Equal("""[{"role":"user","content":"q1"},{"role":"assistant","content":"a1"}""", Part(body, body.IndexOf("[{\"role", StringComparison.Ordinal), layout.MessagesLengthBeforeFinalTurn));
    }

    [Fact]
    public void A_single_turn_has_no_earlier_turn_to_cache()
    {
        var (layout, _) = Read("""{"system":"","messages":[{"role":"user","content":"q"}]}""", WireProtocol.Anthropic, ExchangeOperation.Messages);

        Assert.Equal(-1, layout.MessageBeforeFinalTurn);
        Assert.False(layout.SystemHasContent);
    }

    [Theory]
    [InlineData("""{"system":[{"type":"text","text":"S","cache_control":{"type":"ephemeral"}}],"messages":[]}""", true)]
    [InlineData("""{"messages":[{"role":"user","content":[{"type":"text","text":"q","cache_control" : {"type":"ephemeral"}}]}]}""", true)]
    [InlineData("""{"messages":[{"role":"user","content":"explain \"cache_control\" to me"}]}""", false)]
    public void Client_cache_control_is_found_anywhere_but_inside_text(string json, bool found)
    {
        Assert.Equal(found, Read(json, WireProtocol.Anthropic, ExchangeOperation.Messages).Layout.HasClientHints);
    }

    [Fact]
    public void OpenAI_chat_leading_system_and_developer_messages_are_the_system_prompt_and_a_prompt_cache_key_is_a_hint()
    {
        var (layout, body) = Read(
            """{"messages":[{"role":"system","content":"S"},{"role":"developer","content":"D"},{"role":"user","content":"q"},{"role":"system","content":"late"}],"prompt_cache_key":"k"}""",
            WireProtocol.OpenAI,
            ExchangeOperation.ChatCompletions);

        Assert.True(layout.HasClientHints);
        Assert.Equal("""{"role":"system","content":"S"},{"role":"developer","content":"D"}""", Part(body, layout.SystemStart, layout.SystemLength));
    }

    [Fact]
    public void Responses_instructions_are_the_system_prompt()
    {
        var (layout, body) = Read("""{"instructions":"Be exact.","input":"q","tools":[]}""", WireProtocol.OpenAI, ExchangeOperation.Responses);

        Assert.False(layout.HasClientHints);
        Assert.Equal("\"Be exact.\"", Part(body, layout.SystemStart, layout.SystemLength));
        Assert.Equal("[]", Part(body, layout.ToolsStart, layout.ToolsLength));
    }
}
