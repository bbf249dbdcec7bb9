using Tollgate.Core.Exchange;
using Tollgate.Core.Identity;
using Tollgate.Core.Pipeline;
using Tollgate.Core.Tiers;

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
/// <para>
/// Tags (<see cref="RequestTags"/>): the key's tags are fixed, and the caller adds others in <c>x-tollgate-tags</c>.
/// Budgets attach to tag values, so a caller that names one of the key's tags with another value is refused (403),
/// never charged quietly to a budget it did not mean; naming it with the key's own value is allowed. A header that
/// breaks a rule, or that would bring the request over <see cref="RequestTags.MaxCount"/> tags with the key's, is
/// refused (400). Either refusal is the caller's, once it is identified: it goes on to the settle stage, which records
/// it with the key's tags, and no further.
/// </para>
/// </remarks>
public sealed class IdentifyStage : IExchangeStage
{
    /// <summary>Refusal reason: no credential was sent where a key is required.</summary>
    public const string MissingKey = CallerAuthentication.MissingKey;

    /// <summary>Refusal reason: the credential is not an active virtual key (wrong, revoked, or a provider key).</summary>
    public const string InvalidKey = CallerAuthentication.InvalidKey;

    /// <summary>Refusal reason: a caller off loopback while no key has been created.</summary>
    public const string NotLoopback = CallerAuthentication.NotLoopback;

    private readonly VirtualKeyResolver _keys;
    private readonly AuthenticationMode _mode;
    private readonly ITierResolver? _tiers;

    /// <summary>Creates the stage.</summary>
    /// <param name="keys">Finds the virtual key a credential is.</param>
    /// <param name="mode">Whether a key is required.</param>
    /// <param name="tiers">Finds the tier of an identified caller; none: no request has a tier.</param>
    public IdentifyStage(VirtualKeyResolver keys, AuthenticationMode mode, ITierResolver? tiers = null)
    {
        _keys = keys;
        _mode = mode;
        _tiers = tiers;
    }

    /// <inheritdoc />
    public string Name => "identify";

    /// <inheritdoc />
    public async ValueTask InvokeAsync(ExchangeContext exchange, ExchangeHandler next)
    {
        var caller = await CallerAuthentication.AuthenticateAsync(_keys, _mode, exchange.Credential, exchange.FromLoopback).ConfigureAwait(false);
        if (caller.Refused)
        {
            Refuse(exchange, caller.RefusalReason!, caller.RefusalMessage!);
            return;
        }

        var key = caller.Key;
        exchange.Key = key;
        Attribute(exchange, key);
        Tag(exchange, key);
        if (_tiers is not null && exchange.Rejection is null)
        {
            exchange.Tier = await _tiers.ResolveAsync(key, exchange.User, CancellationToken.None).ConfigureAwait(false);
        }

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

    /// <summary>The key's tags with the caller's added, or a refusal (see the remarks on tags).</summary>
    private static void Tag(ExchangeContext exchange, VirtualKey? key)
    {
        var fixedTags = key?.Tags ?? RequestTags.Empty;
        exchange.Tags = fixedTags;
        if (exchange.Hints.Tags is null || exchange.Rejection is not null)
        {
            return; // a request already refused (its body) is recorded with the key's tags alone
        }

        if (!RequestTags.TryParse(exchange.Hints.Tags, out var sent, out var error))
        {
            exchange.Reject(400, ErrorTypes.InvalidRequest, error);
            return;
        }

        foreach (var (name, value) in sent)
        {
            if (fixedTags.TryGetValue(name, out var fixedValue) && !string.Equals(value, fixedValue, StringComparison.Ordinal))
            {
                exchange.Reject(403, ErrorTypes.Permission, $"{RequestTags.Header}: key '{key!.Name}' fixes the tag '{name}' to another value; its callers may add tags, not change the key's.");
                return;
            }
        }

        if (!fixedTags.TryCombine(sent, out var combined))
        {
            exchange.Reject(400, ErrorTypes.InvalidRequest, $"{RequestTags.Header}: with the {fixedTags.Count} tags of key '{key!.Name}', the request would carry more than {RequestTags.MaxCount} tags.");
            return;
        }

        exchange.Tags = combined;
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
