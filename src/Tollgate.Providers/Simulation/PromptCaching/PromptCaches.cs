namespace Tollgate.Providers.Simulation.PromptCaching;

/// <summary>
/// The prompt caches of one simulator: one store of prefixes (bounded by <see cref="SimulatorOptions.PromptCacheEntries"/>)
/// shared by OpenAI's and Anthropic's rules, whose entries never meet because a prefix names its protocol and model.
/// One cache for every caller: the providers cache per organisation, and a simulator serves one.
/// </summary>
internal sealed class PromptCaches
{
    public PromptCaches(SimulatorOptions options)
    {
        if (options.PromptCacheEntries == 0)
        {
            return;
        }

        var store = new PromptCacheStore(options.PromptCacheEntries, options.TimeProvider);
        OpenAI = new OpenAIPromptCache(store, TimeSpan.FromSeconds(options.OpenAIPromptCacheIdleSeconds));
        Anthropic = new AnthropicPromptCache(store);
    }

    /// <summary>OpenAI's automatic caching, or null when the simulator caches nothing.</summary>
    public OpenAIPromptCache? OpenAI { get; }

    /// <summary>Anthropic's breakpoint caching, or null when the simulator caches nothing.</summary>
    public AnthropicPromptCache? Anthropic { get; }
}
