using System.Text.Json;
using Tollgate.Core.Exchange;
using Tollgate.Core.Tokens;

namespace Tollgate.Core.Tests.Tokens;

public sealed class TokenCounterTests
{
    private static readonly TokenCounter Counter = TokenCounter.Shared;

    // The example conversation of OpenAI's "How to count tokens with tiktoken" cookbook, whose prompt_tokens the
    // API reported as 129 for gpt-4 / gpt-3.5-turbo (cl100k_base) and 124 for gpt-4o / gpt-4o-mini (o200k_base);
    // the cookbook's num_tokens_from_messages over the tiktoken 1.0.22 npm package gives the same two numbers.
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

    // Counts from OpenAI's tiktoken cookbook where it gives one (all but "hello world"), and every one checked with the
    // tiktoken 1.0.22 npm package (OpenAI's Rust encoder compiled to WASM) and with js-tiktoken 1.0.21, a separate port,
    // as `encode(text).length`: neither shares code with the Microsoft.ML.Tokenizers encoder the counter wraps.
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

    // The estimates below follow the cookbook's num_tokens_from_messages: 3 tokens per message, 1 more per name, the
    // tokens of every string field (role included), and 3 that prime the reply. Each text's count comes from the
    // tiktoken npm package as above, and the totals from running the cookbook's function on these messages there.
    [Fact]
    public void Chat_estimate_counts_each_message_its_role_and_the_reply_priming()
    {
        using var one = JsonDocument.Parse("""{ "messages": [ { "role": "user", "content": "What is the capital of France?" } ] }""");
        using var two = JsonDocument.Parse("""
            { "messages": [
              { "role": "user", "content": "What is the capital of France?" },
              { "role": "assistant", "content": "Paris." }
            ] }
            """);

        // o200k: "user" 1, "What| is| the| capital| of| France|?" 7, "assistant" 1, "Paris|." 2.
        // One message: 3 (priming) + 3 (message) + 1 + 7 = 14. Two: 14 + 3 (message) + 1 + 2 = 20.
        Assert.Equal(14, Counter.EstimateRequestInput(WireProtocol.OpenAI, "gpt-4o", one.RootElement));
        Assert.Equal(20, Counter.EstimateRequestInput(WireProtocol.OpenAI, "gpt-4o", two.RootElement));
    }

    // Claude's tokenizer is unpublished; the counter documents its estimate as each text's o200k count times 1.15,
    // rounded up. The o200k counts come from the tiktoken npm package; the scaling is done here by hand.
    [Fact]
    public void Anthropic_estimate_counts_the_system_prompt_and_content_blocks()
    {
        using var withoutSystem = JsonDocument.Parse("""{ "messages": [ { "role": "user", "content": [ { "type": "text", "text": "Summarise this." } ] } ] }""");
        using var withSystem = JsonDocument.Parse("""{ "system": "You are terse.", "messages": [ { "role": "user", "content": [ { "type": "text", "text": "Summarise this." } ] } ] }""");

        // o200k: "user" 1 → ⌈1.15⌉ = 2; "Summ|ar|ise| this|." 5 → ⌈5.75⌉ = 6; "You| are| terse|." 4 → ⌈4.6⌉ = 5.
        // Without a system prompt: 3 (priming) + 3 (message) + 2 + 6 = 14; with it: 14 + 5 = 19.
        Assert.Equal(14, Counter.EstimateRequestInput(WireProtocol.Anthropic, "claude-sonnet-4-5", withoutSystem.RootElement));
        Assert.Equal(19, Counter.EstimateRequestInput(WireProtocol.Anthropic, "claude-sonnet-4-5", withSystem.RootElement));
    }

    [Fact]
    public void Claude_counts_are_o200k_counts_scaled_up()
    {
        var text = string.Concat(Enumerable.Repeat("The quick brown fox jumps over the lazy dog. ", 40));

        // o200k (tiktoken npm): "The| quick| brown| fox| jumps| over| the| lazy| dog|." is 10 tokens, the next
        // repetition's " The" joins the space, and the last trailing space is one more: 40 × 10 + 1 = 401.
        // Claude: ⌈401 × 1.15⌉ = ⌈461.15⌉ = 462.
        Assert.Equal(401, Counter.CountText("gpt-4o", text));
        Assert.Equal(462, Counter.CountText("claude-3-5-haiku-latest", text));
    }

    [Fact]
    public void Embedding_inputs_are_counted_as_text_or_as_token_arrays()
    {
        using var strings = JsonDocument.Parse("""{ "input": ["hello world", "hello world"] }""");
        using var tokens = JsonDocument.Parse("""{ "input": [[1, 2, 3], [4, 5]] }""");

        // The estimate adds its 3 priming tokens to every request. cl100k: "hello| world" is 2 tokens, twice: 3 + 4 = 7.
        // Token arrays count one per element: 3 + 3 + 2 = 8.
        Assert.Equal(7, Counter.EstimateRequestInput(WireProtocol.OpenAI, "text-embedding-3-small", strings.RootElement));
        Assert.Equal(8, Counter.EstimateRequestInput(WireProtocol.OpenAI, "text-embedding-3-small", tokens.RootElement));
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

    // The pieces are the ones the cookbook decodes for cl100k; js-tiktoken 1.0.21 decodes the same six tokens.
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
