using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tollgate.Core.Budgets;
using Tollgate.Core.Identity;
using Tollgate.Core.Pipeline;
using Tollgate.Core.Pricing;
using Tollgate.Core.Responses;
using Tollgate.Core.Settlement;
using Tollgate.Core.Stages;
using Tollgate.Gateway.Alerts;
using Tollgate.Gateway.Budgets;
using Tollgate.Gateway.Caching;
using Tollgate.Gateway.Diagnostics;
using Tollgate.Gateway.Endpoints;
using Tollgate.Gateway.Pipeline;
using Tollgate.Gateway.Relay;
using Tollgate.Gateway.Responses;
using Tollgate.Providers.Clients;

namespace Tollgate.Gateway.Hosting;

/// <summary>
/// Registers the gateway's pipeline: every stage as an <see cref="IExchangeStage"/>, composed in the one stage order
/// (<see cref="StageOrder"/>), so a lever adds its stage by registering it. Stores come from a storage backend's own
/// <c>AddTollgate…Storage</c> method.
/// </summary>
internal static class TollgateServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="GatewayOptions"/>: bound from <paramref name="section"/> and followed as it reloads, or, with
    /// no section, <paramref name="options"/> as given. <see cref="GatewayOptionsValidator"/> checks them at start
    /// (<c>ValidateOnStart</c>) and on every reload; <c>IOptionsMonitor&lt;GatewayOptions&gt;</c> serves the last valid
    /// ones (<see cref="LastValidOptionsMonitor{TOptions}"/>).
    /// </summary>
    public static IServiceCollection AddTollgateOptions(this IServiceCollection services, GatewayOptions options, IConfigurationSection? section)
    {
        var builder = services.AddOptions<GatewayOptions>();
        if (section is not null)
        {
            builder.Bind(section);
        }
        else
        {
            services.AddSingleton<IOptionsFactory<GatewayOptions>>(provider =>
                new GivenOptionsFactory<GatewayOptions>(options, provider.GetServices<IValidateOptions<GatewayOptions>>()));
        }

        builder.ValidateOnStart();
        services.AddSingleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidator>();
        services.AddSingleton<IOptionsMonitor<GatewayOptions>, LastValidOptionsMonitor<GatewayOptions>>();
        return services;
    }

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
        services.AddSingleton<Dashboard.DashboardSessions>();
        services.AddSingleton<BackgroundSettlementQueue>();
        services.AddSingleton<IStoredResponseTracker, StoredResponseTracker>();
        services.AddSingleton<LedgerSettler>();
        services.AddSingleton<BackgroundResponseSettlement>();
        services.AddHostedService(provider => provider.GetRequiredService<BackgroundResponseSettlement>());
        services.AddHostedService<ResponseRetentionPurge>();
        services.AddSingleton<ResponseRelay>();
        services.AddSingleton<IExchangeStage, SettleStage>();
        services.AddSingleton<Tiers.TierBook>();
        services.AddSingleton<Core.Tiers.ITierResolver>(provider => provider.GetRequiredService<Tiers.TierBook>());
        services.AddSingleton<IExchangeStage, IdentifyStage>();
        services.AddSingleton<IExchangeStage, ClassifyStage>();
        services.AddSingleton<IGuardCheck, ResponseAccessCheck>();
        services.AddSingleton<Controls.RequestControls>();
        services.AddSingleton<IGuardCheck, Controls.FeatureSwitchCheck>();
        services.AddSingleton<IGuardCheck, Controls.InputCapCheck>();
        services.AddSingleton<IGuardCheck, Limits.RateLimitCheck>();
        services.AddSingleton<ISettlementObserver, Limits.RateLimitSettlement>();
        services.AddSingleton<IExchangeStage, GuardStage>();
        services.AddSingleton<ModelSnapshots>();
        services.AddSingleton<ISettlementObserver, ModelSnapshotObserver>();
        services.AddSingleton<ISettlementObserver, CacheHitCounter>();
        services.AddSingleton<SemanticEmbeddingSpend>();
        services.AddSingleton<SemanticCaching>();
        services.AddHostedService<SemanticIndexMaintenance>();
        services.AddSingleton<CacheWriter>();
        services.AddHostedService(provider => provider.GetRequiredService<CacheWriter>());
        services.AddSingleton<IExchangeStage, CacheStage>();
        services.AddSingleton<IExchangeStage, Caching.Coalescing.CoalescingStage>();
        services.AddSingleton<IExchangeStage, Routing.RouteStage>();
        services.AddSingleton<IValidateOptions<GatewayOptions>>(new Routing.DegradeSettingsValidator(pricing));
        services.AddSingleton<PromptCaching.PrefixStability>();
        services.AddSingleton<PromptCaching.PromptCacheHints>();
        var models = Core.Routing.ModelCatalog.Load(pricing);
        services.AddSingleton(models);
        services.AddSingleton<Routing.RoutingRules>();
        services.AddSingleton<IValidateOptions<GatewayOptions>>(new Routing.RoutingSettingsValidator(pricing, models));
        services.AddSingleton<IExchangeStage, Controls.ShapeStage>();
        services.AddSingleton<BudgetBook>();
        services.AddSingleton<IBudgetSource>(provider => provider.GetRequiredService<BudgetBook>());
        services.AddSingleton<IBudgetThresholdListener, Core.Alerts.BudgetThresholdAlerts>();
        services.AddSingleton<BudgetSettlement>();
        services.AddSingleton<ISettlementObserver>(provider => provider.GetRequiredService<BudgetSettlement>());
        services.AddSingleton<UnitBudgets>();
        services.AddSingleton<ISettlementObserver, UnitBudgetSettlement>();
        services.AddSingleton<CacheChargeback>();
        services.AddSingleton<IExchangeStage, ReserveStage>();
        services.AddSingleton<ReserveStage>(); // stateless; the call stage holds each fallback through it (RebookAsync)
        services.AddSingleton<IValidateOptions<GatewayOptions>>(new Resilience.FallbackSettingsValidator(pricing));
        services.AddSingleton<CallTargets>();
        services.AddSingleton<Resilience.ModelPipelines>();
        services.AddSingleton<IExchangeStage, CallStage>();
        services.AddSingleton(provider => ExchangePipeline.Compose(provider.GetServices<IExchangeStage>()));
        services.AddMetrics();
        services.AddSingleton<GatewayMeter>();
        services.AddSingleton<ExchangeHandlerEndpoint>();
        services.AddTollgateAlerts();
        Feedback.UsableOutputServiceCollectionExtensions.AddTollgateUsableOutputs(services);
        return services;
    }
}
