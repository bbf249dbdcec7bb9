namespace Tollgate.Testing.Servers;

/// <summary>How a <see cref="GatewayServer"/> is started, beyond the simulator it forwards to.</summary>
public sealed class GatewayServerOptions
{
    /// <summary>An existing data directory (kept after the gateway stops); by default a fresh temporary one that is deleted.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>Sets <c>TOLLGATE_ADMIN_KEY</c>; the server's admin helpers then send it.</summary>
    public string? AdminKey { get; init; }

    /// <summary>More environment variables (e.g. <c>Tollgate__MaxRequestBodyBytes</c>); a null value removes one.</summary>
    public Dictionary<string, string?> Environment { get; init; } = [];

    /// <summary>More arguments after <c>serve --urls … --data-dir …</c>, e.g. <c>--config FILE</c>.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];
}
