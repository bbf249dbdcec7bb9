using Tollgate.Testing;
using Tollgate.Testing.Servers;
using Xunit;

namespace Tollgate.EndToEnd.Tests;

/// <summary>
/// A gateway whose pricing file (<c>TOLLGATE_PRICING_FILE</c>) carries negotiated discounts: every OpenAI model at half
/// price, and <c>claude-haiku-4-5</c> at 20 % off. Its ledger starts empty.
/// </summary>
public sealed class DiscountedGatewayFixture : IAsyncLifetime
{
    public const decimal OpenAIMultiplier = 0.5m;

    public const decimal HaikuMultiplier = 0.8m;

    private readonly TemporaryDirectory _directory = new();

    public SimulatorServer Simulator { get; private set; } = null!;

    public GatewayServer Gateway { get; private set; } = null!;

    /// <summary>Path of the pricing file the gateway was started with.</summary>
    public string PricingFile => Path.Combine(_directory.Path, "negotiated-prices.json");

    public async Task InitializeAsync()
    {
        File.WriteAllText(PricingFile, """
            {
              "version": "acme-contract-1",
              "as_of": "2026-12-01",
              "discounts": {
                "providers": { "openai": 0.5 },
                "models": { "claude-haiku-4-5": 0.8 }
              }
            }
            """);
        Simulator = await SimulatorServer.StartAsync();
        Gateway = await GatewayServer.StartAsync(Simulator, new GatewayServerOptions { Environment = { ["TOLLGATE_PRICING_FILE"] = PricingFile } });
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

        _directory.Dispose();
    }
}
