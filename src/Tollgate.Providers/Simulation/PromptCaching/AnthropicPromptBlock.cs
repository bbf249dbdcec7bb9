namespace Tollgate.Providers.Simulation.PromptCaching;

/// <summary>
/// One block of an Anthropic prompt (a tool, a system block, a message content block), in the order the prompt is
/// read: the tokens read up to and including it, the name of that prefix in the cache, and the cache breakpoint it
/// carries, if any.
/// </summary>
internal readonly record struct AnthropicPromptBlock(long End, UInt128 Prefix, CacheLifetime? Breakpoint);
