namespace Tollgate.Core.Exchange;

/// <summary>
/// Token usage of one call, normalised across protocols.
/// <see cref="InputTokens"/> is every prompt token, including <see cref="CachedInputTokens"/> (read from
/// the provider's prompt cache) and <see cref="CacheWriteTokens"/> (written to it). OpenAI reports
/// <c>prompt_tokens</c> that way already; Anthropic reports the three parts apart and they are summed.
/// </summary>
public readonly record struct TokenUsage(long InputTokens, long CachedInputTokens, long CacheWriteTokens, long OutputTokens)
{
    /// <summary>Prompt tokens billed at the plain input price.</summary>
    public long UncachedInputTokens => Math.Max(0, InputTokens - CachedInputTokens - CacheWriteTokens);
}
