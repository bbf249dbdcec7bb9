using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests;

/// <summary>
/// A simulator whose background responses run for 3 s, and two gateways in front of it: one that asks the provider
/// about a background response every few tenths of a second, and one that waits a day before asking (so only a
/// client's own call can settle its rows while a test runs).
/// </summary>
public sealed class BackgroundResponseFixture : IAsyncLifetime
{
    public SimulatorServer Simulator { get; private set; } = null!;

    /// <summary>Asks the provider after 0.2 s, then twice as long each time.</summary>
    public GatewayServer Polling { get; private set; } = null!;

    /// <summary>Waits a day before asking the provider.</summary>
    public GatewayServer Patient { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Simulator = await SimulatorServer.StartAsync("--background-ms", "3000");
        Polling = await StartGatewayAsync(Simulator, pollSeconds: "0.2");
        Patient = await StartGatewayAsync(Simulator, pollSeconds: "86400");
    }

    public static Task<GatewayServer> StartGatewayAsync(SimulatorServer simulator, string pollSeconds, string? dataDirectory = null) =>
        GatewayServer.StartAsync(simulator, new GatewayServerOptions
        {
            DataDirectory = dataDirectory,
            Environment = { ["Tollgate__Responses__BackgroundPollSeconds"] = pollSeconds },
        });

    public async Task DisposeAsync()
    {
        foreach (var gateway in new[] { Polling, Patient })
        {
            if (gateway is not null)
            {
                await gateway.DisposeAsync();
            }
        }

        if (Simulator is not null)
        {
            await Simulator.DisposeAsync();
        }
    }
}
