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

    /// <summary>Anthropic <c>claude-haiku-4-5</c>: $1 per million input tokens, $5 per million output tokens.</summary>
    public static decimal ClaudeHaiku45(long inputTokens, long outputTokens) => (inputTokens * 1m + outputTokens * 5m) / Million;
}
