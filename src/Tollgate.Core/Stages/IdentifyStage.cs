using Tollgate.Core.Exchange;
using Tollgate.Core.Identity;
using Tollgate.Core.Pipeline;

namespace Tollgate.Core.Stages;

/// <summary>
/// Authenticates the caller and attributes the call. With no active virtual key, loopback callers are served
/// without auth and anyone else is refused; with keys, a missing or wrong key is refused. Attribution takes
/// the key's values first (a key issued to a team cannot be spent as another team), then the
/// <c>x-tollgate-*</c> headers, then the body's <c>user</c> / <c>metadata.user_id</c>.
/// </summary>
public sealed class IdentifyStage : IExchangeStage
{
    private readonly VirtualKeyResolver _keys;

    /// <summary>Creates the stage.</summary>
    public IdentifyStage(VirtualKeyResolver keys) => _keys = keys;

    /// <inheritdoc />
    public string Name => "identify";

    /// <inheritdoc />
    public async ValueTask InvokeAsync(ExchangeContext exchange, ExchangeHandler next)
    {
        var credential = exchange.Credential;
        VirtualKey? key = null;
        if (await _keys.AuthRequiredAsync(CancellationToken.None).ConfigureAwait(false))
        {
            if (string.IsNullOrEmpty(credential))
            {
                exchange.Reject(401, ErrorTypes.Authentication, "Missing Tollgate key: send it as 'Authorization: Bearer tg-…' or 'x-api-key: tg-…'.");
                return;
            }

            key = VirtualKeySecret.LooksLikeVirtualKey(credential)
                ? await _keys.ResolveAsync(credential, CancellationToken.None).ConfigureAwait(false)
                : null;
            if (key is null)
            {
                exchange.Reject(401, ErrorTypes.Authentication, "Invalid Tollgate key.");
                return;
            }
        }
        else if (!exchange.FromLoopback)
        {
            exchange.Reject(401, ErrorTypes.Authentication, "This Tollgate serves only loopback callers until a virtual key is created.");
            return;
        }
        else if (!string.IsNullOrEmpty(credential) && VirtualKeySecret.LooksLikeVirtualKey(credential))
        {
            // No key is enforced, but a caller that does present a live key still gets its attribution.
            key = await _keys.ResolveAsync(credential, CancellationToken.None).ConfigureAwait(false);
        }

        exchange.Key = key;
        var hints = exchange.Hints;
        exchange.User = First(key?.User, hints.User, exchange.Request.User);
        exchange.Feature = First(key?.Feature, hints.Feature, null);
        exchange.Team = First(key?.Team, hints.Team, null);
        await next(exchange).ConfigureAwait(false);
    }

    private static string? First(string? a, string? b, string? c) =>
        !string.IsNullOrEmpty(a) ? a : !string.IsNullOrEmpty(b) ? b : string.IsNullOrEmpty(c) ? null : c;
}
