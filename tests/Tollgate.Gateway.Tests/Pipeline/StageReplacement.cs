using Microsoft.Extensions.DependencyInjection;
using Tollgate.Core.Pipeline;
using Tollgate.Gateway.Caching;

namespace Tollgate.Gateway.Tests.Pipeline;

/// <summary>Puts a test's own stage in the cache's place, instead of the response cache (a place holds one stage).</summary>
internal static class StageReplacement
{
    public static IServiceCollection ReplaceCacheStage(this IServiceCollection services, IExchangeStage stage)
    {
        for (var i = services.Count - 1; i >= 0; i--)
        {
            if (services[i].ServiceType == typeof(IExchangeStage) && services[i].ImplementationType == typeof(CacheStage))
            {
                services.RemoveAt(i);
            }
        }

        return services.AddSingleton(stage);
    }
}
