namespace Tollgate.Core.Identity;

/// <summary>
/// Whether callers on a loopback address are served without a virtual key (the <c>Tollgate:Auth:UnauthenticatedLoopback</c>
/// setting). Callers on any other address always need a key. A virtual key a caller does present is checked in every
/// mode: a wrong or revoked one is refused.
/// </summary>
public enum UnauthenticatedLoopback
{
    /// <summary>
    /// The default: loopback callers need no key until the first key is created in the data directory; from then on
    /// every caller needs one, also after every key is revoked and across restarts (the key store records it).
    /// </summary>
    UntilFirstKey,

    /// <summary>Loopback callers never need a key, whatever keys exist (a development machine's choice).</summary>
    Always,

    /// <summary>
    /// Every caller needs a key, even before the first is created: for a gateway behind a reverse proxy on the same
    /// host, where every caller arrives from loopback.
    /// </summary>
    Never,
}
