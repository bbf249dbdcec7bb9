using Tollgate.Core.Identity;

namespace Tollgate.Gateway.Hosting;

/// <summary>
/// Settings fixed at start, taken from <see cref="GatewayOptions"/> once validated: a reloaded <c>--config</c> file
/// does not change them. Settings that may change while the gateway runs are read through
/// <c>IOptionsMonitor&lt;GatewayOptions&gt;</c> instead.
/// </summary>
internal sealed class GatewaySettings
{
    /// <summary>Largest request body read; Kestrel's own limit is set to it at start.</summary>
    public required long MaxRequestBodyBytes { get; init; }

    /// <summary>The admin key; null means admin routes serve loopback callers only.</summary>
    public string? AdminKey { get; init; }

    /// <summary>Whether loopback callers are served without a virtual key.</summary>
    public UnauthenticatedLoopback UnauthenticatedLoopback { get; init; }
}
