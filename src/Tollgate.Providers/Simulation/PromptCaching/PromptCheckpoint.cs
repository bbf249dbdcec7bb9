namespace Tollgate.Providers.Simulation.PromptCaching;

/// <summary>A prefix of a prompt that a provider can cache: its length in tokens, and its name in the cache.</summary>
internal readonly record struct PromptCheckpoint(long Tokens, UInt128 Prefix);
