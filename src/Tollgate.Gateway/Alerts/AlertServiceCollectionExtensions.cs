using Microsoft.Extensions.DependencyInjection;
using Tollgate.Core.Alerts;

namespace Tollgate.Gateway.Alerts;

/// <summary>Registers the alerts: the <see cref="IAlertPublisher"/> a lever raises them through, and their delivery.</summary>
internal static class AlertServiceCollectionExtensions
{
    /// <summary>Needs an <see cref="IAlertStore"/> (from the storage backend) and the gateway's options.</summary>
    public static IServiceCollection AddTollgateAlerts(this IServiceCollection services)
    {
        services.AddSingleton<AlertQueue>();
        services.AddSingleton<IAlertPublisher>(provider => provider.GetRequiredService<AlertQueue>());
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<AlertDispatcher>();
        services.AddHostedService(provider => provider.GetRequiredService<AlertDispatcher>());
        return services;
    }
}
