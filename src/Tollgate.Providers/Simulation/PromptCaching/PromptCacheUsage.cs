namespace Tollgate.Providers.Simulation.PromptCaching;

/// <summary>
/// What the provider's prompt cache did for one call, in prompt tokens: read from the cache, and written to it with
/// each lifetime (Anthropic only; OpenAI does not report writes). The default is a call the cache did nothing for.
/// </summary>
internal readonly record struct PromptCacheUsage(long ReadTokens, long Write5mTokens = 0, long Write1hTokens = 0)
{
    /// <summary>Tokens written to the cache, both lifetimes together (Anthropic's <c>cache_creation_input_tokens</c>).</summary>
    public long WriteTokens => Write5mTokens + Write1hTokens;

    /// <summary>
    /// Anthropic's <c>input_tokens</c>: the prompt tokens neither read from the cache nor written to it, the ones after
    /// the last cache breakpoint.
    /// </summary>
    public long UncachedOf(long promptTokens) => Math.Max(0, promptTokens - ReadTokens - WriteTokens);
}
