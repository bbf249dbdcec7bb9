using System.Text;
using System.Text.Json;
using Tollgate.Core.Exchange;
using Tollgate.Core.Requests;

namespace Tollgate.Core.Tests.Requests;

/// <summary>
/// Trimming a prompt to an input limit: whole turns go, oldest first; the system prompt, the last user turn and a tool
/// call's result with its call stay; what is kept travels byte for byte; a prompt that cannot fit does not.
/// </summary>
public sealed class ConversationTrimmerTests
{
    private static readonly string Long = string.Join(' ', Enumerable.Repeat("Every invoice line has an amount and a date.", 6));

    [Fact]
    public void A_prompt_within_the_limit_is_counted_and_left_as_it_is()
    {
        var body = Body("""{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}""");

        var measure = ConversationTrimmer.Fit(body, ExchangeOperation.ChatCompletions, "gpt-4o-mini", 1000, trim: true);

        Assert.True(measure.Fits);
        Assert.Equal(0, measure.Dropped);
        Assert.True(measure.Body.Equals(body));
        Assert.True(measure.Tokens > 0);
    }

    [Fact]
    public void Without_trimming_a_prompt_over_the_limit_does_not_fit()
    {
        var body = Body($$"""{"model":"gpt-4o-mini","messages":[{"role":"user","content":"{{Long}}"}]}""");

        var measure = ConversationTrimmer.Fit(body, ExchangeOperation.ChatCompletions, "gpt-4o-mini", 20, trim: false);

        Assert.False(measure.Fits);
        Assert.True(measure.Tokens > 20);
    }

    [Fact]
    public void The_oldest_turns_go_first_and_the_system_prompt_and_last_turn_stay_byte_for_byte()
    {
        var json = $$"""{"model":"gpt-4o-mini", "messages": [ {"role":"system","content":"Rules"}, {"role":"user","content":"{{Long}}"}, {"role":"assistant","content":"{{Long}}"}, {"role":"user","content":"Short"}, {"role":"assistant","content":"Ok"}, {"role":"user" , "content":"Last"} ], "x":1}""";

        var measure = ConversationTrimmer.Fit(Body(json), ExchangeOperation.ChatCompletions, "gpt-4o-mini", 60, trim: true);

        Assert.True(measure.Fits);
        Assert.Equal(2, measure.Dropped);
        Assert.Equal("""{"model":"gpt-4o-mini", "messages": [ {"role":"system","content":"Rules"}, {"role":"user","content":"Short"}, {"role":"assistant","content":"Ok"}, {"role":"user" , "content":"Last"} ], "x":1}""", Text(measure.Body));
        Assert.True(measure.TokensAfter <= 60);
    }

    [Fact]
    public void An_anthropic_tool_result_stays_in_the_turn_of_its_tool_use()
    {
        var json = $$$"""
            {"model":"claude-haiku-4-5","max_tokens":10,"system":"Rules","messages":[
            {"role":"user","content":"{{{Long}}}"},
            {"role":"assistant","content":[{"type":"tool_use","id":"t1","name":"f","input":{}}]},
            {"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":"{{{Long}}}"}]},
            {"role":"assistant","content":"Done"},
            {"role":"user","content":"Last"}]}
            """;

        var measure = ConversationTrimmer.Fit(Body(json), ExchangeOperation.Messages, "claude-haiku-4-5", 40, trim: true);

        Assert.True(measure.Fits);
        using var trimmed = JsonDocument.Parse(measure.Body);
        var messages = trimmed.RootElement.GetProperty("messages");
        Assert.Equal(1, messages.GetArrayLength());
        Assert.Equal("Last", messages[0].GetProperty("content").GetString());
        Assert.Equal("Rules", trimmed.RootElement.GetProperty("system").GetString());
    }

    [Fact]
    public void A_responses_function_call_goes_with_its_output_and_the_instructions_stay()
    {
        var json = $$"""
            {"model":"gpt-4o-mini","instructions":"Rules","input":[
            {"role":"user","content":"{{Long}}"},
            {"type":"function_call","call_id":"c1","name":"f","arguments":"{}"},
            {"type":"function_call_output","call_id":"c1","output":"{{Long}}"},
            {"role":"user","content":"Middle"},
            {"role":"user","content":"Last"}]}
            """;

        var measure = ConversationTrimmer.Fit(Body(json), ExchangeOperation.Responses, "gpt-4o-mini", 40, trim: true);

        Assert.True(measure.Fits);
        using var trimmed = JsonDocument.Parse(measure.Body);
        var contents = trimmed.RootElement.GetProperty("input").EnumerateArray().Select(item => item.GetProperty("content").GetString());
        Assert.Equal(["Middle", "Last"], contents);
        Assert.Equal(3, measure.Dropped);
    }

    [Fact]
    public void A_last_turn_alone_over_the_limit_cannot_fit()
    {
        var json = $$"""{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Old"},{"role":"user","content":"{{Long}}"}]}""";

        var measure = ConversationTrimmer.Fit(Body(json), ExchangeOperation.ChatCompletions, "gpt-4o-mini", 20, trim: true);

        Assert.False(measure.Fits);
        Assert.Equal(0, measure.Dropped);
    }

    [Fact]
    public void A_string_input_cannot_be_trimmed()
    {
        var json = $$"""{"model":"gpt-4o-mini","input":"{{Long}}"}""";

        Assert.False(ConversationTrimmer.Fit(Body(json), ExchangeOperation.Responses, "gpt-4o-mini", 20, trim: true).Fits);
    }

    [Fact]
    public void Operations_without_a_prompt_always_fit()
    {
        var body = Body($$"""{"model":"text-embedding-3-small","input":"{{Long}}"}""");

        Assert.True(ConversationTrimmer.Fit(body, ExchangeOperation.Embeddings, "text-embedding-3-small", 1, trim: false).Fits);
    }

    private static ReadOnlyMemory<byte> Body(string json) => Encoding.UTF8.GetBytes(json);

    private static string Text(ReadOnlyMemory<byte> body) => Encoding.UTF8.GetString(body.Span);
}
