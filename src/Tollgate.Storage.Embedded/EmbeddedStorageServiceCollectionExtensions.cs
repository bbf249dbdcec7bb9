using Microsoft.Extensions.DependencyInjection;
using Tollgate.Core.Budgets;
using Tollgate.Core.Tiers;
using Tollgate.Core.Alerts;
using Tollgate.Core.Caching;
using Tollgate.Core.Identity;
using Tollgate.Core.Ledger;
using Tollgate.Core.Limits;
using Tollgate.Core.Pricing;
using Tollgate.Core.Responses;
using Tollgate.Core.Settings;
using Tollgate.Storage.Embedded.Budgets;
using Tollgate.Storage.Embedded.Limits;

namespace Tollgate.Storage.Embedded;

/// <summary>Registers the embedded store (SQLite in one data directory) behind the store interfaces of Core.</summary>
public static class EmbeddedStorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers <paramref name="storage"/> as the <see cref="ILedgerStore"/>, <see cref="IVirtualKeyStore"/>,
    /// <see cref="IResponseOwnershipStore"/>, <see cref="ICacheStore"/>, <see cref="IAlertStore"/>, the process's own
    /// <see cref="IRateLimitStore"/> (in memory), the budget store and its in-memory counters (<see cref="InMemoryBudgetCounters"/>, which need a <see cref="PricingCatalog"/> and a <see cref="TimeProvider"/>). The
    /// container disposes it (draining the ledger) when it is disposed.
    /// </summary>
    public static IServiceCollection AddTollgateEmbeddedStorage(this IServiceCollection services, EmbeddedStorage storage)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(storage);
        services.AddSingleton(_ => storage); // created by the container's factory, so disposed (and drained) with it
        services.AddSingleton<ILedgerStore>(provider => provider.GetRequiredService<EmbeddedStorage>().Ledger);
        services.AddSingleton<IVirtualKeyStore>(provider => provider.GetRequiredService<EmbeddedStorage>().Keys);
        services.AddSingleton<IResponseOwnershipStore>(provider => provider.GetRequiredService<EmbeddedStorage>().Responses);
        services.AddSingleton<ICacheStore>(provider => provider.GetRequiredService<EmbeddedStorage>().Cache);
        services.AddSingleton<IRateLimitStore, InMemoryRateLimitStore>();
        services.AddSingleton<IBudgetStore>(provider => provider.GetRequiredService<EmbeddedStorage>().Budgets);
        services.AddSingleton<IBudgetSpendHistory>(provider => provider.GetRequiredService<EmbeddedStorage>().BudgetHistory);
        services.AddSingleton<IBudgetCounters>(provider => new InMemoryBudgetCounters(
            provider.GetRequiredService<IBudgetSpendHistory>(), provider.GetRequiredService<PricingCatalog>(), provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IUnitBudgetCounters>(provider => new InMemoryUnitBudgetCounters(
            provider.GetRequiredService<EmbeddedStorage>().UnitHistory, provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IAlertStore>(provider => provider.GetRequiredService<EmbeddedStorage>().Alerts);
        services.AddSingleton<ISettingOverrideStore>(provider => provider.GetRequiredService<EmbeddedStorage>().Settings);
        services.AddSingleton<IUserTierStore>(provider => provider.GetRequiredService<EmbeddedStorage>().UserTiers);
        services.AddSingleton<Core.Feedback.IFeedbackStore>(provider => provider.GetRequiredService<EmbeddedStorage>().Feedback);
        return services;
    }
}
