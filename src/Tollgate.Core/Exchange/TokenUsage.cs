namespace Tollgate.Core.Exchange;

/// <summary>
/// Token usage of one call, normalised across protocols.
/// <see cref="InputTokens"/> is every prompt token, including <see cref="CachedInputTokens"/> (read from
/// the provider's prompt cache) and <see cref="CacheWriteTokens"/> (written to it). OpenAI reports
/// <c>prompt_tokens</c> that way already; Anthropic reports the three parts apart and they are summed.
/// <see cref="CacheWrite1hTokens"/> is the part of the cache writes kept for an hour (Anthropic's
/// <c>cache_creation.ephemeral_1h_input_tokens</c>), billed at its own price; the rest are 5-minute writes.
/// </summary>
public readonly record struct TokenUsage(long InputTokens, long CachedInputTokens, long CacheWriteTokens, long OutputTokens, long CacheWrite1hTokens = 0)
{
    /// <summary>Prompt tokens billed at the plain input price.</summary>
    public long UncachedInputTokens => Math.Max(0, InputTokens - CachedInputTokens - CacheWriteTokens);

    /// <summary>Cache writes kept for an hour: never more than the cache writes, never negative.</summary>
    public long OneHourCacheWriteTokens => Math.Clamp(CacheWrite1hTokens, 0, Math.Max(0, CacheWriteTokens));

    /// <summary>Cache writes kept for five minutes (the provider's default): every cache write that is not a 1-hour one.</summary>
    public long FiveMinuteCacheWriteTokens => Math.Max(0, CacheWriteTokens) - OneHourCacheWriteTokens;
}
