using Microsoft.Extensions.Options;

namespace Tollgate.Gateway.Outputs;

/// <summary>
/// The check of each feature's <c>OutputSchema</c>, beside <see cref="Hosting.GatewayOptionsValidator"/> (at start and
/// on every reload): it must be a JSON Schema the gateway can compile, or the feature's answers would go unchecked.
/// </summary>
internal sealed class OutputSchemaSettingsValidator : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string>? failures = null;
        foreach (var (feature, settings) in options.Features ?? [])
        {
            if (settings?.OutputSchema is { } schema && !OutputSchemas.TryCompile(schema, out var error))
            {
                (failures ??= []).Add($"Features:{feature}:OutputSchema must be a JSON Schema as JSON text, e.g. {{\"type\": \"object\", \"required\": [\"label\"]}}; {error}.");
            }
        }

        return failures is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
