using System.Text.Json;
using Tollgate.Core.Exchange;
using Tollgate.Core.Tokens;

namespace Tollgate.Core.Tests.Tokens;

public sealed class TokenCounterTests
{
    private static readonly TokenCounter Counter = TokenCounter.Shared;

    // The example conversation of OpenAI's "How to count tokens with tiktoken" cookbook, whose prompt_tokens the
    // API reported as 129 for gpt-4 / gpt-3.5-turbo (cl100k_base) and 124 for gpt-4o / gpt-4o-mini (o200k_base).
    private const string CookbookConversation = """
        {
          "messages": [
            { "role": "system", "content": "You are a helpful, pattern-following assistant that translates corporate jargon into plain English." },
            { "role": "system", "name": "example_user", "content": "New synergies will help drive top-line growth." },
            { "role": "system", "name": "example_assistant", "content": "Things working well together will increase revenue." },
            { "role": "system", "name": "example_user", "content": "Let's circle back when we have more bandwidth to touch base on opportunities for increased leverage." },
            { "role": "system", "name": "example_assistant", "content": "Let's talk later when we're less busy about how to do better." },
            { "role": "user", "content": "This late pivot means we don't have time to boil the ocean for the client deliverable." }
          ]
        }
        """;

    [Theory]
    [InlineData("gpt-4o", "o200k_base")]
    [InlineData("gpt-4o-mini-2024-07-18", "o200k_base")]
    [InlineData("gpt-4.1-nano", "o200k_base")]
    [InlineData("gpt-5", "o200k_base")]
    [InlineData("o1", "o200k_base")]
    [InlineData("o3-mini", "o200k_base")]
    [InlineData("o4-mini", "o200k_base")]
    [InlineData("openai/gpt-4o", "o200k_base")]
    [InlineData("gpt-4", "cl100k_base")]
    [InlineData("gpt-4-turbo", "cl100k_base")]
    [InlineData("gpt-3.5-turbo", "cl100k_base")]
    [InlineData("text-embedding-3-small", "cl100k_base")]
    [InlineData("text-embedding-ada-002", "cl100k_base")]
    [InlineData("claude-3-5-sonnet-20241022", "o200k_base")]
    [InlineData("some-open-model", "o200k_base")]
    [InlineData(null, "o200k_base")]
    public void Each_model_family_uses_its_encoding(string? model, string encoding) =>
        Assert.Equal(encoding, Counter.EncodingFor(model));

    [Theory]
    [InlineData("gpt-4o", "hello world", 2)]
    [InlineData("gpt-4", "hello world", 2)]
    [InlineData("gpt-4", "tiktoken is great!", 6)]
    [InlineData("gpt-4", "antidisestablishmentarianism", 6)]
    [InlineData("gpt-4o", "antidisestablishmentarianism", 6)]
    [InlineData("gpt-4", "2 + 2 = 4", 7)]
    [InlineData("gpt-4o", "2 + 2 = 4", 7)]
    [InlineData("gpt-4", "お誕生日おめでとう", 9)]
    [InlineData("gpt-4o", "お誕生日おめでとう", 8)]
    public void Text_counts_match_published_tiktoken_counts(string model, string text, int tokens) =>
        Assert.Equal(tokens, Counter.CountText(model, text));

    [Fact]
    public void Empty_text_has_no_tokens() => Assert.Equal(0, Counter.CountText("gpt-4o", string.Empty));

    [Theory]
    [InlineData("gpt-4", 129)]
    [InlineData("gpt-3.5-turbo", 129)]
    [InlineData("gpt-4o", 124)]
    [InlineData("gpt-4o-mini", 124)]
    public void Chat_estimate_matches_the_prompt_tokens_OpenAI_reported(string model, long promptTokens)
    {
        using var body = JsonDocument.Parse(CookbookConversation);

        Assert.Equal(promptTokens, Counter.EstimateRequestInput(WireProtocol.OpenAI, model, body.RootElement));
    }

    [Fact]
    public void Chat_estimate_grows_with_each_message()
    {
        using var one = JsonDocument.Parse("""{ "messages": [ { "role": "user", "content": "What is the capital of France?" } ] }""");
        using var two = JsonDocument.Parse("""
            { "messages": [
              { "role": "user", "content": "What is the capital of France?" },
              { "role": "assistant", "content": "Paris." }
            ] }
            """);

        var first = Counter.EstimateRequestInput(WireProtocol.OpenAI, "gpt-4o", one.RootElement);
        var second = Counter.EstimateRequestInput(WireProtocol.OpenAI, "gpt-4o", two.RootElement);

        // "assistant" and "Paris." are one and two tokens, plus three tokens of message framing.
        Assert.Equal(first + TokenCounter.PerMessageOverhead + 1 + 2, second);
        Assert.Equal(TokenCounter.ReplyPriming + TokenCounter.PerMessageOverhead + 1 + Counter.CountText("gpt-4o", "What is the capital of France?"), first);
    }

    [Fact]
    public void Anthropic_estimate_counts_the_system_prompt_and_content_blocks()
    {
        using var withoutSystem = JsonDocument.Parse("""{ "messages": [ { "role": "user", "content": [ { "type": "text", "text": "Summarise this." } ] } ] }""");
        using var withSystem = JsonDocument.Parse("""{ "system": "You are terse.", "messages": [ { "role": "user", "content": [ { "type": "text", "text": "Summarise this." } ] } ] }""");

        var without = Counter.EstimateRequestInput(WireProtocol.Anthropic, "claude-sonnet-4-5", withoutSystem.RootElement);
        var with = Counter.EstimateRequestInput(WireProtocol.Anthropic, "claude-sonnet-4-5", withSystem.RootElement);

        Assert.Equal(without + Counter.CountText("claude-sonnet-4-5", "You are terse."), with);
    }

    [Fact]
    public void Claude_counts_are_o200k_counts_scaled_up()
    {
        var text = string.Concat(Enumerable.Repeat("The quick brown fox jumps over the lazy dog. ", 40));
        var o200k = Counter.CountText("gpt-4o", text);

        Assert.Equal((int)Math.Ceiling(o200k * TokenCounter.ClaudeScale), Counter.CountText("claude-3-5-haiku-latest", text));
        Assert.True(Counter.CountText("claude-3-5-haiku-latest", text) > o200k);
    }

    [Fact]
    public void Embedding_inputs_are_counted_as_text_or_as_token_arrays()
    {
        using var strings = JsonDocument.Parse("""{ "input": ["hello world", "hello world"] }""");
        using var tokens = JsonDocument.Parse("""{ "input": [[1, 2, 3], [4, 5]] }""");

        Assert.Equal(TokenCounter.ReplyPriming + 4, Counter.EstimateRequestInput(WireProtocol.OpenAI, "text-embedding-3-small", strings.RootElement));
        Assert.Equal(TokenCounter.ReplyPriming + 5, Counter.EstimateRequestInput(WireProtocol.OpenAI, "text-embedding-3-small", tokens.RootElement));
    }

    [Theory]
    [InlineData("gpt-4o", "Hello, world! This is a test of splitting text into tokens.")]
    [InlineData("gpt-4", "Hello, world! This is a test of splitting text into tokens.")]
    [InlineData("gpt-4o", "お誕生日おめでとう 🎉🎂 — naïve café façade")]
    [InlineData("gpt-4", "お誕生日おめでとう 🎉🎂 — naïve café façade")]
    [InlineData("claude-3-5-sonnet", "  leading and trailing spaces\n\n\ttabs and newlines  ")]
    [InlineData("gpt-4o", "x")]
    public void Split_pieces_rejoin_to_the_original_text(string model, string text)
    {
        var pieces = Counter.Split(model, text);

        Assert.Equal(text, string.Concat(pieces));
        Assert.All(pieces, piece => Assert.NotEmpty(piece));
    }

    [Fact]
    public void Split_yields_one_piece_per_token_for_plain_text()
    {
        const string text = "tiktoken is great!";

        var pieces = Counter.Split("gpt-4", text);

        Assert.Equal(["t", "ik", "token", " is", " great", "!"], pieces);
    }

    [Fact]
    public void Split_of_empty_text_is_empty() => Assert.Empty(Counter.Split("gpt-4o", string.Empty));
}
