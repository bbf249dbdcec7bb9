using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Tollgate.Gateway.Hosting;

/// <summary>
/// <see cref="UnknownSettingsCheck"/> as a check of <see cref="GatewayOptions"/>, so it runs on every reload of the
/// <c>--config</c> file too: an edit that brings a key Tollgate does not read is refused like a value out of range
/// (logged, the last valid settings stay in force). Registered by a host whose whole configuration is Tollgate's
/// (<c>tollgate serve</c>); an embedding host's configuration holds settings of its own, so the gateway does not add it.
/// </summary>
internal sealed class UnknownSettingsValidator : IValidateOptions<GatewayOptions>
{
    private readonly IConfigurationRoot _configuration;

    public UnknownSettingsValidator(IConfigurationRoot configuration) => _configuration = configuration;

    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        try
        {
            UnknownSettingsCheck.Run(_configuration);
            return ValidateOptionsResult.Success;
        }
        catch (GatewayStartupException exception)
        {
            return ValidateOptionsResult.Fail(exception.Message);
        }
    }
}
