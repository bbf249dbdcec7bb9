using System.Text.Json;
using Tollgate.Core.Exchange;
using Tollgate.Core.Tokens;
using Tollgate.Providers.Simulation.PromptCaching;

namespace Tollgate.Providers.Tests.Simulation.PromptCaching;

/// <summary>The cache reads a prompt the way the simulator counts it: the prefix ends where the reported prompt tokens do, before the reply's priming.</summary>
public sealed class PromptLayoutTests
{
    [Fact]
    public void An_openai_prompt_read_token_by_token_ends_at_its_reported_prompt_tokens()
    {
        using var document = JsonDocument.Parse($$$$"""
            {"model":"gpt-4o-mini",
             "tools":[{"type":"function","function":{"name":"lookup","parameters":{"type":"object"}}}],
             "messages":[
               {"role":"system","content":"{{{{LongText.Of("Layout", 60)}}}}"},
               {"role":"user","name":"ana","content":[{"type":"text","text":"Look it up."},{"type":"image_url","image_url":{"url":"https://example.com/a.png"}}]},
               {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"lookup","arguments":"{}"}}]},
               {"role":"tool","tool_call_id":"call_1","content":"Found: 42 rows, \u00e9t\u00e9 \ud83d\ude00."}]}
            """);

        using var prefix = OpenAIChatPrompt.Read(document.RootElement, "gpt-4o-mini");

        var reported = TokenCounter.Shared.EstimateRequestInput(WireProtocol.OpenAI, "gpt-4o-mini", document.RootElement);
        Assert.Equal(reported - TokenCounter.ReplyPriming, prefix.Position);
        Assert.Equal(Enumerable.Range(0, prefix.Checkpoints.Count).Select(i => 1024L + (128 * i)), prefix.Checkpoints.Select(c => c.Tokens));
        Assert.True(prefix.Position - prefix.Checkpoints[^1].Tokens < 128);
    }

    [Fact]
    public void An_anthropic_prompt_read_block_by_block_ends_at_its_reported_input_tokens()
    {
        using var document = JsonDocument.Parse($$$"""
            {"model":"claude-sonnet-4-5","max_tokens":10,
             "tools":[{"name":"a","input_schema":{"type":"object"}},{"name":"b","description":"second","input_schema":{"type":"object"},"cache_control":{"type":"ephemeral"}}],
             "system":[{"type":"text","text":"{{{LongText.Of("Blocks", 40)}}}","cache_control":{"type":"ephemeral","ttl":"1h"}}],
             "messages":[
               {"role":"user","content":"Plain string content."},
               {"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"a","input":{}}]},
               {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"ok"},{"type":"text","text":"Now what?","cache_control":{"type":"ephemeral"}}]}]}
            """);

        var blocks = AnthropicPrompt.Read(document.RootElement, "claude-sonnet-4-5");

        var reported = TokenCounter.Shared.EstimateRequestInput(WireProtocol.Anthropic, "claude-sonnet-4-5", document.RootElement);
        Assert.Equal(reported - TokenCounter.ReplyPriming, blocks[^1].End);
        Assert.Equal(7, blocks.Count);
        Assert.Equal(
            [null, CacheLifetime.FiveMinutes, CacheLifetime.OneHour, null, null, null, CacheLifetime.FiveMinutes],
            blocks.Select(b => b.Breakpoint));
        Assert.True(blocks.Zip(blocks.Skip(1)).All(pair => pair.First.End <= pair.Second.End));
        Assert.Equal(blocks.Count, blocks.Select(b => b.Prefix).Distinct().Count());
    }

    [Fact]
    public void A_blocks_prefix_does_not_depend_on_its_own_cache_marker()
    {
        using var marked = JsonDocument.Parse("""{"model":"claude-sonnet-4-5","messages":[{"role":"user","content":[{"type":"text","text":"Same.","cache_control":{"type":"ephemeral"}}]}]}""");
        using var plain = JsonDocument.Parse("""{"model":"claude-sonnet-4-5","messages":[{"role":"user","content":[{"type":"text","text":"Same."}]}]}""");

        var withMarker = AnthropicPrompt.Read(marked.RootElement, "claude-sonnet-4-5");
        var without = AnthropicPrompt.Read(plain.RootElement, "claude-sonnet-4-5");

        Assert.Equal(without[0].Prefix, withMarker[0].Prefix);
    }
}
