using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tollgate.Core.Settings;

namespace Tollgate.Gateway.Settings;

/// <summary>Registers the settings made through the admin API (<c>/admin/config</c>).</summary>
internal static class SettingOverrideServiceCollectionExtensions
{
    /// <summary>
    /// Registers <paramref name="overlay"/> (the container disposes it) and the <see cref="SettingOverrideEditor"/> over it
    /// and the <see cref="ISettingOverrideStore"/>; with no overlay (options given as an object), the routes say there is
    /// nothing to override.
    /// </summary>
    public static IServiceCollection AddTollgateSettingOverrides(this IServiceCollection services, SettingsOverlay? overlay)
    {
        if (overlay is not null)
        {
            services.AddSingleton(_ => overlay); // created by the container's factory, so disposed with it
        }

        services.AddSingleton(provider => new SettingOverrideEditor(
            overlay is null ? null : provider.GetRequiredService<SettingsOverlay>(),
            provider.GetRequiredService<ISettingOverrideStore>(),
            provider.GetServices<IValidateOptions<GatewayOptions>>()));
        return services;
    }
}
