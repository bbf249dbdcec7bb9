namespace Tollgate.Core.Identity;

/// <summary>
/// Who a caller is, by the credential it presented and where it called from: the one decision of the identify stage
/// and of the gateway's own <c>/v1/tollgate</c> routes. Callers off loopback always need a key; loopback callers need one
/// once keys are in use, unless the operator chose otherwise; a virtual key that is presented is checked in every mode,
/// so a revoked key never works again.
/// </summary>
/// <param name="Key">The caller's active key; null for a loopback caller served without one, or a refused caller.</param>
/// <param name="RefusalReason">Why the caller is refused (<see cref="MissingKey"/>, <see cref="InvalidKey"/>, <see cref="NotLoopback"/>); null when it is served.</param>
/// <param name="RefusalMessage">The refusal's message for the caller; null when it is served.</param>
public readonly record struct CallerAuthentication(VirtualKey? Key, string? RefusalReason, string? RefusalMessage)
{
    /// <summary>Refusal reason: no credential was sent where a key is required.</summary>
    public const string MissingKey = "missing_key";

    /// <summary>Refusal reason: the credential is not an active virtual key (wrong, revoked, or a provider key).</summary>
    public const string InvalidKey = "invalid_key";

    /// <summary>Refusal reason: a caller off loopback while no key has been created.</summary>
    public const string NotLoopback = "not_loopback";

    /// <summary>Whether the caller is refused (answered 401).</summary>
    public bool Refused => RefusalReason is not null;

    /// <summary>Decides who the caller is.</summary>
    /// <param name="keys">Finds the virtual key a credential is.</param>
    /// <param name="mode">Whether a key is required.</param>
    /// <param name="credential">The bearer token or <c>x-api-key</c> presented, if any.</param>
    /// <param name="fromLoopback">Whether the caller connected from a loopback address.</param>
    public static async ValueTask<CallerAuthentication> AuthenticateAsync(VirtualKeyResolver keys, AuthenticationMode mode, string? credential, bool fromLoopback)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(mode);
        var keysInUse = await mode.KeysInUseAsync(CancellationToken.None).ConfigureAwait(false);
        if (!fromLoopback && !keysInUse)
        {
            return Refuse(NotLoopback, "This Tollgate serves only loopback callers until a virtual key is created.");
        }

        if (!string.IsNullOrEmpty(credential) && VirtualKeySecret.LooksLikeVirtualKey(credential))
        {
            var key = await keys.ResolveAsync(credential, CancellationToken.None).ConfigureAwait(false);
            return key is null ? Refuse(InvalidKey, "Invalid Tollgate key.") : new CallerAuthentication(key, null, null);
        }

        if (fromLoopback && mode.ServesLoopbackWithoutKey(keysInUse))
        {
            return default;
        }

        // Not a virtual key at all: nothing, or a provider key an SDK was left configured with.
        return string.IsNullOrEmpty(credential)
            ? Refuse(MissingKey, "Missing Tollgate key: send it as 'Authorization: Bearer tg-…' or 'x-api-key: tg-…'.")
            : Refuse(InvalidKey, "Invalid Tollgate key.");
    }

    private static CallerAuthentication Refuse(string reason, string message) => new(null, reason, message);
}
