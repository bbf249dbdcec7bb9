using Microsoft.Extensions.DependencyInjection;
using Tollgate.Core.Pipeline;
using Tollgate.Core.Stages;
using Tollgate.Gateway.Caching;

namespace Tollgate.Gateway.Tests.Pipeline;

/// <summary>Puts a test's own stage in a built-in stage's place, instead of it (a place holds one stage).</summary>
internal static class StageReplacement
{
    /// <summary>The test's stage instead of the response cache.</summary>
    public static IServiceCollection ReplaceCacheStage(this IServiceCollection services, IExchangeStage stage) => services.Replace<CacheStage>(stage);

    /// <summary>The test's stage instead of the budgets' reservation.</summary>
    public static IServiceCollection ReplaceReserveStage(this IServiceCollection services, IExchangeStage stage) => services.Replace<ReserveStage>(stage);

    private static IServiceCollection Replace<TStage>(this IServiceCollection services, IExchangeStage stage)
    {
        for (var i = services.Count - 1; i >= 0; i--)
        {
            if (services[i].ServiceType == typeof(IExchangeStage) && services[i].ImplementationType == typeof(TStage))
            {
                services.RemoveAt(i);
            }
        }

        return services.AddSingleton(stage);
    }
}
