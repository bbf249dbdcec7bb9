using Anthropic;
using OpenAI.Chat;
using Tollgate.Testing.Clients;
using Xunit;

namespace Tollgate.Testing.Servers;

/// <summary>
/// One simulator (recording request bodies, headers and credential fingerprints) and one gateway in front of it, started once for a test
/// collection or class. The gateway has no virtual key, so loopback callers need none. Derive to run the
/// simulator with other options (latency, faults), or the gateway with other settings.
/// </summary>
public class GatewayFixture : IAsyncLifetime
{
    public SimulatorServer Simulator { get; private set; } = null!;

    public GatewayServer Gateway { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Simulator = await SimulatorServer.StartAsync(SimulatorArguments);
        Gateway = await GatewayServer.StartAsync(Simulator, GatewayOptions);
    }

    /// <summary>Options of <c>tollgate simulate</c>.</summary>
    protected virtual string[] SimulatorArguments => ["--record-bodies", "--record-headers"];

    /// <summary>
    /// How the gateway is started (its environment, e.g. <c>Tollgate__MaxRequestBodyBytes</c>). By default without retries
    /// or circuit breakers: the faults the tests inject reach them as the provider sent them, and one test's failing
    /// calls never open a breaker on the model the next test calls.
    /// </summary>
    protected virtual GatewayServerOptions GatewayOptions => new()
    {
        Environment =
        {
            ["Tollgate__Resilience__MaxRetries"] = "0",
            ["Tollgate__Resilience__CircuitBreaker__Enabled"] = "false",
        },
    };

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

    /// <summary>The official OpenAI SDK pointed at the gateway.</summary>
    public ChatClient OpenAIChat(string model = SdkClients.OpenAIModel) => SdkClients.OpenAIChat(Gateway.BaseAddress, model);

    /// <summary>The official Anthropic SDK pointed at the gateway.</summary>
    public AnthropicClient Anthropic() => SdkClients.Anthropic(Gateway.BaseAddress);
}
