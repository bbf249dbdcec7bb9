using Tollgate.Core.Identity;

namespace Tollgate.Gateway.Hosting;

/// <summary>Settings fixed at start, derived from <see cref="GatewayOptions"/> once validated.</summary>
internal sealed class GatewaySettings
{
    public required TimeSpan UpstreamTimeout { get; init; }

    public required long MaxRequestBodyBytes { get; init; }

    /// <summary>The admin key; null means admin routes serve loopback callers only.</summary>
    public string? AdminKey { get; init; }

    /// <summary>Whether loopback callers are served without a virtual key.</summary>
    public UnauthenticatedLoopback UnauthenticatedLoopback { get; init; }
}
