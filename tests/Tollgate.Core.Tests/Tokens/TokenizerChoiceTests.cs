using Tollgate.Core.Tokens;

namespace Tollgate.Core.Tests.Tokens;

/// <summary>
/// Router-style names (<c>provider/model</c>) pick the tokenizer of the model after the last slash. Each test counts
/// with a counter of its own, because a counter remembers the choice it made for a name.
/// </summary>
public sealed class TokenizerChoiceTests
{
    [Theory]
    [InlineData("openai/gpt-4", "cl100k_base")]
    [InlineData("openrouter/openai/gpt-3.5-turbo", "cl100k_base")]
    [InlineData("openai/gpt-4o", "o200k_base")]
    public void A_provider_prefix_does_not_change_the_encoding(string model, string encoding)
    {
        Assert.Equal(encoding, new TokenCounter().EncodingFor(model));
    }

    [Fact]
    public void A_provider_prefixed_claude_model_gets_the_claude_scale()
    {
        // "hello world" is 2 o200k tokens; × 1.15 = 2.3, rounded up to 3.
        Assert.Equal(3, new TokenCounter().CountText("openrouter/anthropic/claude-3-5-haiku", "hello world"));
    }
}
