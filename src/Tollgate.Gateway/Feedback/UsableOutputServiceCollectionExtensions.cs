using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tollgate.Core.Stages;
using Tollgate.Gateway.Outputs;

namespace Tollgate.Gateway.Feedback;

/// <summary>
/// Registers what cost per usable output needs: the re-ask check (<c>x-tollgate-attempt-of</c>) and the typed output
/// check among the guard's checks, the schema settings' validator, and the feedback route's endpoint.
/// </summary>
internal static class UsableOutputServiceCollectionExtensions
{
    public static IServiceCollection AddTollgateUsableOutputs(this IServiceCollection services)
    {
        services.AddSingleton<RequestOwnership>();
        services.AddSingleton<IGuardCheck, AttemptOfCheck>();
        services.AddSingleton<OutputSchemas>();
        services.AddSingleton<IGuardCheck, OutputSchemaCheck>();
        services.AddSingleton<IValidateOptions<GatewayOptions>, OutputSchemaSettingsValidator>();
        services.AddSingleton<FeedbackEndpoint>();
        return services;
    }
}
