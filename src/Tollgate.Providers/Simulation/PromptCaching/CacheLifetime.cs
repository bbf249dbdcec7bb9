namespace Tollgate.Providers.Simulation.PromptCaching;

/// <summary>How long an Anthropic cache breakpoint asks its prefix to be kept: <c>"ttl": "5m"</c> (the default) or <c>"1h"</c>.</summary>
internal enum CacheLifetime
{
    FiveMinutes,
    OneHour,
}
