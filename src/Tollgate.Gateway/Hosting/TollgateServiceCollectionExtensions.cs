using Microsoft.Extensions.DependencyInjection;
using Tollgate.Core.Identity;
using Tollgate.Core.Pipeline;
using Tollgate.Core.Pricing;
using Tollgate.Core.Settlement;
using Tollgate.Core.Stages;
using Tollgate.Gateway.Endpoints;
using Tollgate.Gateway.Pipeline;
using Tollgate.Gateway.Relay;
using Tollgate.Providers.Clients;

namespace Tollgate.Gateway.Hosting;

/// <summary>
/// Registers the gateway's pipeline: every stage as an <see cref="IExchangeStage"/>, composed in the one stage order
/// (<see cref="StageOrder"/>), so a lever adds its stage by registering it. Stores come from a storage backend's own
/// <c>AddTollgate…Storage</c> method.
/// </summary>
internal static class TollgateServiceCollectionExtensions
{
    public static IServiceCollection AddTollgatePipeline(this IServiceCollection services, PricingCatalog pricing, GatewaySettings settings, UpstreamConnections connections, ProviderDirectory providers)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(pricing);
        services.AddSingleton(settings);
        services.AddSingleton(_ => connections); // created by the container's factory, so disposed with it
        services.AddSingleton(providers);
        services.AddSingleton<VirtualKeyResolver>();
        services.AddSingleton(provider => ActivatorUtilities.CreateInstance<AuthenticationMode>(provider, settings.UnauthenticatedLoopback));
        services.AddSingleton<RefusedRequestCounter>();
        services.AddSingleton<LedgerSettler>();
        services.AddSingleton<ResponseRelay>();
        services.AddSingleton<IExchangeStage, SettleStage>();
        services.AddSingleton<IExchangeStage, IdentifyStage>();
        services.AddSingleton<IExchangeStage, ClassifyStage>();
        services.AddSingleton<IExchangeStage, CallStage>();
        services.AddSingleton(provider => ExchangePipeline.Compose(provider.GetServices<IExchangeStage>()));
        services.AddSingleton<ExchangeHandlerEndpoint>();
        return services;
    }
}
