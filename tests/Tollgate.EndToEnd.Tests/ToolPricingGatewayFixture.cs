using Tollgate.Testing;
using Tollgate.Testing.Servers;
using Xunit;

namespace Tollgate.EndToEnd.Tests;

/// <summary>
/// A gateway whose pricing file adds <c>acme-search-1</c>, a model of a provider (<c>acme</c>) the catalog lists no
/// per-call tool prices for; OpenAI's models keep the built-in tool prices. Both are served by <c>tollgate simulate</c>.
/// </summary>
public sealed class ToolPricingGatewayFixture : IAsyncLifetime
{
    /// <summary>The model whose provider has no per-call tool prices: $1 per million input tokens, $2 per million output.</summary>
    public const string UnpricedToolsModel = "acme-search-1";

    private readonly TemporaryDirectory _directory = new();

    public SimulatorServer Simulator { get; private set; } = null!;

    public GatewayServer Gateway { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var pricingFile = Path.Combine(_directory.Path, "acme-prices.json");
        File.WriteAllText(pricingFile, $$"""
            { "models": { "{{UnpricedToolsModel}}": { "provider": "acme", "input_per_million": 1, "output_per_million": 2 } } }
            """);
        Simulator = await SimulatorServer.StartAsync();
        Gateway = await GatewayServer.StartAsync(Simulator, new GatewayServerOptions { Environment = { ["TOLLGATE_PRICING_FILE"] = pricingFile } });
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
