using Microsoft.Extensions.DependencyInjection;
using Tollgate.Core.Alerts;
using Tollgate.Core.Caching;
using Tollgate.Core.Identity;
using Tollgate.Core.Ledger;
using Tollgate.Core.Responses;

namespace Tollgate.Storage.Embedded;

/// <summary>Registers the embedded store (SQLite in one data directory) behind the store interfaces of Core.</summary>
public static class EmbeddedStorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers <paramref name="storage"/> as the <see cref="ILedgerStore"/>, <see cref="IVirtualKeyStore"/>,
    /// <see cref="IResponseOwnershipStore"/>, <see cref="ICacheStore"/> and <see cref="IAlertStore"/>. The
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
        services.AddSingleton<IAlertStore>(provider => provider.GetRequiredService<EmbeddedStorage>().Alerts);
        return services;
    }
}
