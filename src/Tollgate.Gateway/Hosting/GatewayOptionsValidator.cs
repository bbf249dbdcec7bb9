using Microsoft.Extensions.Options;

namespace Tollgate.Gateway.Hosting;

/// <summary>
/// The checks every <see cref="GatewayOptions"/> must pass: at start, where a failure stops the gateway with these
/// messages, and on every reload of the <c>--config</c> file, where a failure leaves the options in force unchanged
/// (<see cref="LastValidOptionsMonitor{TOptions}"/>). Checks of the <c>"Tollgate"</c> section belong here.
/// </summary>
internal sealed class GatewayOptionsValidator : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string>? failures = null;
        if (string.IsNullOrWhiteSpace(options.Urls))
        {
            (failures ??= []).Add("--urls must name at least one address, e.g. http://127.0.0.1:8080.");
        }

        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            (failures ??= []).Add("--data-dir must name a directory.");
        }

        if (options.Auth is null || !Enum.IsDefined(options.Auth.UnauthenticatedLoopback))
        {
            (failures ??= []).Add("Auth:UnauthenticatedLoopback must be UntilFirstKey, Always or Never.");
        }

        if (options.MaxRequestBodyBytes < 1024)
        {
            (failures ??= []).Add("MaxRequestBodyBytes must be at least 1024.");
        }

        // A body is held whole in one pooled array, and the shared pool keeps arrays of up to 1 GiB.
        if (options.MaxRequestBodyBytes > 1L << 30)
        {
            (failures ??= []).Add("MaxRequestBodyBytes must be at most 1073741824 (1 GiB).");
        }

        // Anthropic ties the organization to the key; a setting that would do nothing must not look as if it did.
        if (!string.IsNullOrEmpty(options.Anthropic.Organization) || !string.IsNullOrEmpty(options.Anthropic.Project))
        {
            (failures ??= []).Add("Anthropic:Organization and Anthropic:Project do not exist: an Anthropic key belongs to one organization and workspace.");
        }

        if (options.UpstreamTimeoutSeconds <= 0 || options.ShutdownTimeoutSeconds < 0)
        {
            (failures ??= []).Add("UpstreamTimeoutSeconds must be positive and ShutdownTimeoutSeconds not negative.");
        }

        return failures is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
