using System.Text;
using Tollgate.Core.Caching;
using Tollgate.Core.Exchange;

namespace Tollgate.Core.Tests.Caching;

/// <summary>
/// The semantic cache's partition: a key over everything in a request but its last user message, in the exact key's
/// canonical form, for each protocol's shape of that message.
/// </summary>
public sealed class CachePartitionTests
{
    private static readonly CacheKeyContext s_chat =
        new(CacheKeyScope.Team, "team-a", WireProtocol.OpenAI, ExchangeOperation.ChatCompletions, null, "policy-1");

    private static readonly CacheKeyContext s_messages = s_chat with { Protocol = WireProtocol.Anthropic, Operation = ExchangeOperation.Messages };

    private static readonly CacheKeyContext s_responses = s_chat with { Operation = ExchangeOperation.Responses };

    private static string Chat(string system, string user) =>
        $$"""{"model":"gpt-4o","messages":[{"role":"system","content":"{{system}}"},{"role":"user","content":"{{user}}"}],"temperature":0}""";

    private static (LastUserMessage Message, CacheKey Partition) PartitionOf(string body, CacheKeyContext context)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        Assert.True(LastUserMessage.TryFind(bytes, context.Operation, out var message));
        var result = CacheKey.ComputePartition(bytes, context, message);
        Assert.True(result.IsComputed, result.Reason);
        return (message, result.Key);
    }

    [Fact]
    public void Chat_requests_differing_only_in_the_user_message_share_a_partition()
    {
        var (first, a) = PartitionOf(Chat("Label the intent.", "How do I reset my password?"), s_chat);
        var (second, b) = PartitionOf(Chat("Label the intent.", "How can I reset my password?"), s_chat);

        Assert.Equal(a, b);
        Assert.Equal("How do I reset my password?", first.Text);
        Assert.Equal("How can I reset my password?", second.Text);
        Assert.True(first.SingleTurn);
    }

    [Fact]
    public void A_different_system_prompt_is_a_different_partition()
    {
        var (_, a) = PartitionOf(Chat("Label the intent.", "How do I reset my password?"), s_chat);
        var (_, b) = PartitionOf(Chat("Label the mood.", "How do I reset my password?"), s_chat);

        Assert.NotEqual(a, b);
    }

    [Fact]
    public void A_different_temperature_or_model_is_a_different_partition()
    {
        var (_, a) = PartitionOf(Chat("s", "u"), s_chat);
        var (_, b) = PartitionOf(Chat("s", "u").Replace("\"temperature\":0", "\"temperature\":0.5", StringComparison.Ordinal), s_chat);
        var (_, c) = PartitionOf(Chat("s", "u").Replace("gpt-4o", "gpt-4o-mini", StringComparison.Ordinal), s_chat);

        Assert.NotEqual(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void A_partition_is_never_the_exact_key_of_the_same_body()
    {
        var body = Chat("s", "u");
        var (_, partition) = PartitionOf(body, s_chat);

        Assert.NotEqual(CacheKey.Compute(Encoding.UTF8.GetBytes(body), s_chat).Key, partition);
    }

    [Fact]
    public void The_context_is_part_of_the_partition()
    {
        var body = Chat("s", "u");
        var (_, a) = PartitionOf(body, s_chat);
        var (_, b) = PartitionOf(body, s_chat with { ScopeValue = "team-b" });
        var (_, c) = PartitionOf(body, s_chat with { PromptVersion = "v2" });

        Assert.NotEqual(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Only_the_last_user_message_is_left_out_of_a_conversation()
    {
        const string Turns = """{"model":"m","messages":[{"role":"user","content":"FIRST"},{"role":"assistant","content":"ok"},{"role":"user","content":"LAST"}]}""";
        var (message, a) = PartitionOf(Turns, s_chat);
        var (_, b) = PartitionOf(Turns.Replace("LAST", "other", StringComparison.Ordinal), s_chat);
        var (_, c) = PartitionOf(Turns.Replace("FIRST", "other", StringComparison.Ordinal), s_chat);

        Assert.Equal("LAST", message.Text);
        Assert.False(message.SingleTurn);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Anthropic_text_blocks_are_the_message_and_the_system_prompt_is_in_the_partition()
    {
        const string Body = """{"model":"claude","max_tokens":100,"system":"SYS","messages":[{"role":"user","content":[{"type":"text","text":"Hello there"}]}]}""";
        var (message, a) = PartitionOf(Body, s_messages);
        var (_, b) = PartitionOf(Body.Replace("Hello there", "Hi there", StringComparison.Ordinal), s_messages);
        var (_, c) = PartitionOf(Body.Replace("SYS", "OTHER", StringComparison.Ordinal), s_messages);

        Assert.Equal("Hello there", message.Text);
        Assert.True(message.SingleTurn);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void A_Responses_string_input_is_the_message_and_instructions_are_in_the_partition()
    {
        const string Body = """{"model":"gpt-4o","instructions":"INS","input":"Hello there","temperature":0}""";
        var (message, a) = PartitionOf(Body, s_responses);
        var (_, b) = PartitionOf(Body.Replace("Hello there", "Hi there", StringComparison.Ordinal), s_responses);
        var (_, c) = PartitionOf(Body.Replace("INS", "OTHER", StringComparison.Ordinal), s_responses);

        Assert.Equal("Hello there", message.Text);
        Assert.True(message.SingleTurn);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void A_Responses_user_item_with_input_text_parts_is_the_message()
    {
        const string Body = """{"model":"gpt-4o","input":[{"type":"message","role":"developer","content":"D"},{"type":"message","role":"user","content":[{"type":"input_text","text":"Hello there"}]}]}""";
        var (message, a) = PartitionOf(Body, s_responses);
        var (_, b) = PartitionOf(Body.Replace("Hello there", "Hi there", StringComparison.Ordinal), s_responses);

        Assert.Equal("Hello there", message.Text);
        Assert.True(message.SingleTurn);
        Assert.Equal(a, b);
    }

    [Fact]
    public void A_tool_result_after_the_user_message_makes_the_request_more_than_one_turn()
    {
        const string Body = """{"model":"gpt-4o","input":[{"role":"user","content":"Hello"},{"type":"function_call_output","call_id":"c","output":"42"}]}""";
        var (message, _) = PartitionOf(Body, s_responses);

        Assert.False(message.SingleTurn);
    }

    [Fact]
    public void A_message_with_an_image_is_not_compared_by_meaning()
    {
        const string Body = """{"model":"gpt-4o","messages":[{"role":"user","content":[{"type":"text","text":"What is this?"},{"type":"image_url","image_url":{"url":"https://x/y.png"}}]}]}""";

        Assert.False(LastUserMessage.TryFind(Encoding.UTF8.GetBytes(Body), ExchangeOperation.ChatCompletions, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("{\"messages\":")]
    [InlineData("{\"model\":\"m\",\"messages\":[{\"role\":\"assistant\",\"content\":\"hi\"}]}")]
    public void A_body_without_a_user_message_has_none(string body)
    {
        Assert.False(LastUserMessage.TryFind(Encoding.UTF8.GetBytes(body), ExchangeOperation.ChatCompletions, out _));
    }
}
