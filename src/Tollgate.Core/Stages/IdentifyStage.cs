using Tollgate.Core.Exchange;
using Tollgate.Core.Identity;
using Tollgate.Core.Pipeline;

namespace Tollgate.Core.Stages;

/// <summary>
/// Authenticates the caller and attributes the call; the outermost stage, so a caller it refuses leaves no ledger row
/// (the edge counts it instead). Whether a key is required comes from the <see cref="AuthenticationMode"/>: callers
/// off loopback always need one; loopback callers need one once keys are in use, unless the operator chose otherwise.
/// A virtual key that is presented is checked in every mode, so a revoked key never works again.
/// </summary>
/// <remarks>
/// Attribution: a key's user, feature and team are authoritative. The caller names only what the key leaves open
/// (<see cref="VirtualKey.OpenAttribution"/>): <c>x-tollgate-user</c> (else the body's <c>user</c> /
/// <c>metadata.user_id</c>), <c>x-tollgate-feature</c>, <c>x-tollgate-team</c>. A header naming a field the key fixes
/// is ignored, as gateways treat client-sent identity headers, and the row's warning says so. A loopback caller served
/// without a key is attributed by its headers and body alone.
/// </remarks>
public sealed class IdentifyStage : IExchangeStage
{
    /// <summary>Refusal reason: no credential was sent where a key is required.</summary>
    public const string MissingKey = "missing_key";

    /// <summary>Refusal reason: the credential is not an active virtual key (wrong, revoked, or a provider key).</summary>
    public const string InvalidKey = "invalid_key";

    /// <summary>Refusal reason: a caller off loopback while no key has been created.</summary>
    public const string NotLoopback = "not_loopback";

    private readonly VirtualKeyResolver _keys;
    private readonly AuthenticationMode _mode;

    /// <summary>Creates the stage.</summary>
    public IdentifyStage(VirtualKeyResolver keys, AuthenticationMode mode)
    {
        _keys = keys;
        _mode = mode;
    }

    /// <inheritdoc />
    public string Name => "identify";

    /// <inheritdoc />
    public async ValueTask InvokeAsync(ExchangeContext exchange, ExchangeHandler next)
    {
        var keysInUse = await _mode.KeysInUseAsync(CancellationToken.None).ConfigureAwait(false);
        if (!exchange.FromLoopback && !keysInUse)
        {
            Refuse(exchange, NotLoopback, "This Tollgate serves only loopback callers until a virtual key is created.");
            return;
        }

        var credential = exchange.Credential;
        VirtualKey? key = null;
        if (!string.IsNullOrEmpty(credential) && VirtualKeySecret.LooksLikeVirtualKey(credential))
        {
            key = await _keys.ResolveAsync(credential, CancellationToken.None).ConfigureAwait(false);
            if (key is null)
            {
                Refuse(exchange, InvalidKey, "Invalid Tollgate key.");
                return;
            }
        }
        else if (!exchange.FromLoopback || !_mode.ServesLoopbackWithoutKey(keysInUse))
        {
            // Not a virtual key at all: nothing, or a provider key an SDK was left configured with.
            if (string.IsNullOrEmpty(credential))
            {
                Refuse(exchange, MissingKey, "Missing Tollgate key: send it as 'Authorization: Bearer tg-…' or 'x-api-key: tg-…'.");
            }
            else
            {
                Refuse(exchange, InvalidKey, "Invalid Tollgate key.");
            }

            return;
        }

        exchange.Key = key;
        Attribute(exchange, key);
        await next(exchange).ConfigureAwait(false);
    }

    private static void Attribute(ExchangeContext exchange, VirtualKey? key)
    {
        var hints = exchange.Hints;
        if (key is null)
        {
            exchange.User = First(hints.User, exchange.Request.User);
            exchange.Feature = First(hints.Feature, null);
            exchange.Team = First(hints.Team, null);
            return;
        }

        exchange.User = key.LeavesOpen(AttributionFields.User) ? First(hints.User, exchange.Request.User) : Fixed(exchange, key, key.User, hints.User, "user");
        exchange.Feature = key.LeavesOpen(AttributionFields.Feature) ? First(hints.Feature, null) : Fixed(exchange, key, key.Feature, hints.Feature, "feature");
        exchange.Team = key.LeavesOpen(AttributionFields.Team) ? First(hints.Team, null) : Fixed(exchange, key, key.Team, hints.Team, "team");
    }

    /// <summary>The key's own value; a header that names another is noted on the row and goes no further.</summary>
    private static string? Fixed(ExchangeContext exchange, VirtualKey key, string? value, string? header, string field)
    {
        if (!string.IsNullOrEmpty(header) && !string.Equals(header, value, StringComparison.Ordinal))
        {
            exchange.AddWarning($"x-tollgate-{field} ignored: key '{key.Name}' does not leave the {field} open");
        }

        return string.IsNullOrEmpty(value) ? null : value;
    }

    private static void Refuse(ExchangeContext exchange, string reason, string message) =>
        exchange.Reject(new ExchangeRejection(401, ErrorTypes.Authentication, message) { Reason = reason });

    private static string? First(string? a, string? b) =>
        !string.IsNullOrEmpty(a) ? a : string.IsNullOrEmpty(b) ? null : b;
}
