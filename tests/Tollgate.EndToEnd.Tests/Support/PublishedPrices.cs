namespace Tollgate.EndToEnd.Tests.Support;

/// <summary>
/// Prices written down by hand from the providers' published price lists, so that end-to-end tests check the
/// gateway's billing against figures that do not come from the gateway's own catalog.
/// </summary>
internal static class PublishedPrices
{
    private const decimal Million = 1_000_000m;

    /// <summary>OpenAI <c>gpt-4o-mini</c>: $0.15 per million input tokens, $0.60 per million output tokens.</summary>
    public static decimal Gpt4oMini(long inputTokens, long outputTokens) => (inputTokens * 0.15m + outputTokens * 0.60m) / Million;

    /// <summary>
    /// OpenAI <c>gpt-4o-mini</c> with prompt caching: $0.075 per million cached input tokens; <paramref name="inputTokens"/>
    /// counts the cached ones too, as <c>prompt_tokens</c> does.
    /// </summary>
    public static decimal Gpt4oMini(long inputTokens, long cachedInputTokens, long outputTokens) =>
        ((inputTokens - cachedInputTokens) * 0.15m + cachedInputTokens * 0.075m + outputTokens * 0.60m) / Million;

    /// <summary>
    /// Anthropic <c>claude-sonnet-4-5</c>: $3 per million input tokens, $3.75 per million 5-minute cache-write tokens
    /// (1.25× input), $0.30 per million cache-read tokens (0.1× input), $15 per million output tokens.
    /// <paramref name="inputTokens"/> is the usage's <c>input_tokens</c>: the tokens neither read nor written.
    /// </summary>
    public static decimal ClaudeSonnet45(long inputTokens, long cacheWrite5mTokens, long cacheReadTokens, long outputTokens) =>
        (inputTokens * 3m + cacheWrite5mTokens * 3.75m + cacheReadTokens * 0.30m + outputTokens * 15m) / Million;

    /// <summary>
    /// Anthropic <c>claude-sonnet-4-5</c> with both cache-write lifetimes: $3.75 per million 5-minute writes (1.25× input)
    /// and $6 per million 1-hour writes (2× input), the other prices as above.
    /// </summary>
    public static decimal ClaudeSonnet45(long inputTokens, long cacheWrite5mTokens, long cacheWrite1hTokens, long cacheReadTokens, long outputTokens) =>
        (inputTokens * 3m + cacheWrite5mTokens * 3.75m + cacheWrite1hTokens * 6m + cacheReadTokens * 0.30m + outputTokens * 15m) / Million;

    /// <summary>Anthropic <c>claude-haiku-4-5</c>: $1 per million input tokens, $5 per million output tokens.</summary>
    public static decimal ClaudeHaiku45(long inputTokens, long outputTokens) => (inputTokens * 1m + outputTokens * 5m) / Million;

    /// <summary>OpenAI <c>text-embedding-3-small</c>: $0.02 per million input tokens; embeddings have no output.</summary>
    public static decimal TextEmbedding3Small(long inputTokens) => inputTokens * 0.02m / Million;
}
