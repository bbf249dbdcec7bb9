using System.Text;
using Tollgate.Core.Exchange;
using Tollgate.Core.Requests;

namespace Tollgate.Core.Tests.Requests;

/// <summary>
/// Several edits in one body: the case byte offsets recorded at parse time got wrong, since the first splice moves
/// everything after it. Every byte outside the edited members must come out as it went in.
/// </summary>
public sealed class CombinedRequestEditTests
{
    private static RequestEdits FiveEdits()
    {
        var edits = new RequestEdits();
        edits.SetModel("gpt-4o-mini", "route");
        edits.SetMaxOutputTokens(256, "budget");
        edits.IncludeStreamUsage("usage");
        edits.AddStopSequence("</answer>", "shape");
        edits.AppendToSystemPrompt("Be brief.", "shape");
        edits.SetProperty("prompt_cache_key", "\"tenant-7\""u8, "cache");
        return edits;
    }

    [Fact]
    public void Five_edits_and_a_raw_member_land_in_one_OpenAI_body_with_its_layout_kept()
    {
        const string body = """
            { "model" : "gpt-4o",
              "x_vendor": {"nested": [1, 2, {"model": "not-this-one", "max_tokens": 1}]},
              "messages": [
                {"content": "You are terse.", "role": "system"},
                {"role": "user", "content": "hi", "stop": "not-this-either"}
              ],
              "max_tokens": 4096,
              "stop": "END",
              "stream": true,
              "stream_options": {"include_obfuscation": false},
              "temperature": 0.2
            }
            """;

        var edited = EditedBody.OpenAIChat(body, FiveEdits());

        Assert.Equal(
            """
            { "model" : "gpt-4o-mini",
              "x_vendor": {"nested": [1, 2, {"model": "not-this-one", "max_tokens": 1}]},
              "messages": [
                {"content": "You are terse.\n\nBe brief.", "role": "system"},
                {"role": "user", "content": "hi", "stop": "not-this-either"}
              ],
              "max_tokens": 256,
              "stop": ["END","</answer>"],
              "stream": true,
              "stream_options": {"include_obfuscation": false,"include_usage":true},
              "temperature": 0.2
            ,"prompt_cache_key":"tenant-7"}
            """,
            edited);
    }

    [Fact]
    public void Edits_of_members_the_client_left_out_are_added_at_the_end_in_a_fixed_order()
    {
        var edits = FiveEdits();

        Assert.Equal(
            """{"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"hi"}],"model":"gpt-4o-mini","max_completion_tokens":256,"stream_options":{"include_usage":true},"stop":["</answer>"],"prompt_cache_key":"tenant-7"}""",
            EditedBody.OpenAIChat("""{"messages":[{"role":"user","content":"hi"}]}""", edits));
        Assert.Equal(
            """{"model":"gpt-4o-mini","max_completion_tokens":256,"stream_options":{"include_usage":true},"stop":["</answer>"],"prompt_cache_key":"tenant-7"}""",
            EditedBody.OpenAIChat("{}", edits));
    }

    [Fact]
    public void Every_Anthropic_edit_lands_in_one_body()
    {
        var edits = new RequestEdits();
        edits.SetModel("claude-haiku-4", "route");
        edits.SetMaxOutputTokens(256, "budget");
        edits.AddStopSequence("</answer>", "shape");
        edits.AppendToSystemPrompt("Be brief.", "shape");
        edits.SetProperty("cache_control", """{"type":"ephemeral"}"""u8, "cache");
        edits.RemoveProperty("x_beta", "guard");

        var edited = EditedBody.AnthropicMessages(
            """{"model":"claude-sonnet-4","system":[{"type":"text","text":"Rules"}],"x_beta":true,"max_tokens":1024,"stop_sequences":["###"],"messages":[{"role":"user","content":"hi"}],"thinking":{"type":"enabled","budget_tokens":2000}}""",
            edits);

        Assert.Equal(
            """{"model":"claude-haiku-4","system":[{"type":"text","text":"Rules"},{"type":"text","text":"Be brief."}],"max_tokens":256,"stop_sequences":["###","</answer>"],"messages":[{"role":"user","content":"hi"}],"thinking":{"type":"enabled","budget_tokens":2000},"cache_control":{"type":"ephemeral"}}""",
            edited);
    }

    [Fact]
    public void Each_apply_starts_from_the_original_so_a_retry_carries_only_the_edits_in_effect()
    {
        var original = Encoding.UTF8.GetBytes("""{"model":"gpt-4o","stop":"END","messages":[]}""");
        var edits = new RequestEdits();
        edits.SetModel("gpt-4o-mini", "route");
        edits.AddStopSequence("</answer>", "shape");

        var first = RequestBodyEditor.Apply(original, WireProtocol.OpenAI, ExchangeOperation.ChatCompletions, edits).ToArray();
        var again = RequestBodyEditor.Apply(original, WireProtocol.OpenAI, ExchangeOperation.ChatCompletions, edits).ToArray();
        edits.SetModel("gpt-4.1-nano", "fallback");
        var fallback = RequestBodyEditor.Apply(original, WireProtocol.OpenAI, ExchangeOperation.ChatCompletions, edits).ToArray();

        Assert.Equal("""{"model":"gpt-4o-mini","stop":["END","</answer>"],"messages":[]}""", Encoding.UTF8.GetString(first));
        Assert.Equal(first, again);
        Assert.Equal("""{"model":"gpt-4.1-nano","stop":["END","</answer>"],"messages":[]}""", Encoding.UTF8.GetString(fallback));
        Assert.Equal("""{"model":"gpt-4o","stop":"END","messages":[]}""", Encoding.UTF8.GetString(original));
    }
}
