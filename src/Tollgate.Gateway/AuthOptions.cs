using Tollgate.Core.Identity;

namespace Tollgate.Gateway;

/// <summary>Who must present a virtual key (the <c>Tollgate:Auth</c> section).</summary>
public sealed class AuthOptions
{
    /// <summary>
    /// Whether loopback callers are served without a virtual key: <see cref="UnauthenticatedLoopback.UntilFirstKey"/>
    /// (the default), <see cref="UnauthenticatedLoopback.Always"/> or <see cref="UnauthenticatedLoopback.Never"/>.
    /// </summary>
    public UnauthenticatedLoopback UnauthenticatedLoopback { get; set; } = UnauthenticatedLoopback.UntilFirstKey;
}
