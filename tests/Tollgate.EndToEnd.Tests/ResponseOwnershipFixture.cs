using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests;

/// <summary>
/// A simulator (recording every call) and a gateway in the default isolation (<c>Team</c>) that requires virtual keys,
/// with three keys made at start: two of team <c>alpha</c> and one of team <c>beta</c>.
/// </summary>
public sealed class ResponseOwnershipFixture : IAsyncLifetime
{
    public const string AdminKey = "admin-secret-for-ownership";

    public SimulatorServer Simulator { get; private set; } = null!;

    public GatewayServer Gateway { get; private set; } = null!;

    /// <summary>Key <c>alpha-one</c>, team <c>alpha</c>.</summary>
    public string AlphaOne { get; private set; } = null!;

    /// <summary>Key <c>alpha-two</c>, team <c>alpha</c>.</summary>
    public string AlphaTwo { get; private set; } = null!;

    /// <summary>Key <c>beta-one</c>, team <c>beta</c> (its own: a header naming another team changes nothing).</summary>
    public string BetaOne { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Simulator = await SimulatorServer.StartAsync("--record-headers");
        Gateway = await GatewayServer.StartAsync(Simulator, new GatewayServerOptions { AdminKey = AdminKey });
        AlphaOne = await Gateway.CreateKeyAsync("alpha-one", team: "alpha");
        AlphaTwo = await Gateway.CreateKeyAsync("alpha-two", team: "alpha");
        BetaOne = await Gateway.CreateKeyAsync("beta-one", team: "beta");
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
