using Microsoft.Extensions.Options;

namespace Tollgate.Gateway.Hosting;

/// <summary>
/// Checks <c>Cache:EncryptionKey</c> on every reload of the <c>--config</c> file, as every setting is checked: the key
/// in force stays the one read at start, but a file holding a broken key is refused rather than taken.
/// </summary>
internal sealed class CacheEncryptionKeyValidator : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options) =>
        options?.Cache?.EncryptionKey is { } key && CacheEncryption.Problem(key) is { } problem
            ? ValidateOptionsResult.Fail(problem)
            : ValidateOptionsResult.Success;
}
