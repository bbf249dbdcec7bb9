using Tollgate.Testing.Servers;
using Xunit;

namespace Tollgate.EndToEnd.Tests;

/// <summary>
/// A gateway that requires virtual keys and guards <c>/admin</c> with an admin key, with three keys made at
/// start: one carrying attribution (user, feature, team), one carrying none and leaving none open, and one
/// leaving all three open to the caller's headers.
/// </summary>
public sealed class KeyedGatewayFixture : IAsyncLifetime
{
    public const string AdminKey = "admin-secret-for-tests";

    public SimulatorServer Simulator { get; private set; } = null!;

    public GatewayServer Gateway { get; private set; } = null!;

    /// <summary>Key <c>search-service</c>: user <c>key-user</c>, feature <c>search</c>, team <c>core</c>.</summary>
    public string AttributedKey { get; private set; } = null!;

    /// <summary>Key <c>plain-service</c>, with no attribution of its own and none left open: its calls are charged to no user, feature or team.</summary>
    public string PlainKey { get; private set; } = null!;

    /// <summary>Key <c>open-service</c>, with no attribution of its own and user, feature and team left open to the caller.</summary>
    public string OpenKey { get; private set; } = null!;

    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow.AddMinutes(-1);

    public async Task InitializeAsync()
    {
        Simulator = await SimulatorServer.StartAsync("--record-headers");
        Gateway = await GatewayServer.StartAsync(Simulator, new GatewayServerOptions { AdminKey = AdminKey });
        AttributedKey = await Gateway.CreateKeyAsync("search-service", user: "key-user", feature: "search", team: "core");
        PlainKey = await Gateway.CreateKeyAsync("plain-service");
        OpenKey = await Gateway.CreateKeyAsync("open-service", openAttribution: ["user", "feature", "team"]);
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
