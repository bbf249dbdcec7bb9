using Tollgate.Testing.Servers;
using Xunit;

namespace Tollgate.EndToEnd.Tests;

/// <summary>A <c>tollgate serve</c> process with an admin key, for <c>tollgate cache</c> to talk to.</summary>
public sealed class CacheCommandFixture : IAsyncLifetime
{
    public const string AdminKey = "admin-key-for-cache-commands";

    public SimulatorServer Simulator { get; private set; } = null!;

    public GatewayServer Gateway { get; private set; } = null!;

    /// <summary>The gateway's address as <c>--gateway</c> takes it.</summary>
    public string GatewayUrl => Gateway.BaseAddress.ToString().TrimEnd('/');

    public async Task InitializeAsync()
    {
        Simulator = await SimulatorServer.StartAsync();
        Gateway = await GatewayServer.StartAsync(Simulator, new GatewayServerOptions { AdminKey = AdminKey });
    }

    public async Task DisposeAsync()
    {
        if (Gateway is not null)
        {
            await Gateway.DisposeAsync();
        }

        if (Simulator is not null)
        {
            await Simulator.DisposeAsync();
        }
    }
}
