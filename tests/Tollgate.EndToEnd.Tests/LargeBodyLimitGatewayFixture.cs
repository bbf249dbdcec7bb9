using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests;

/// <summary>
/// A gateway that accepts request bodies of up to 64 MiB (as an operator whose clients send large images inline sets
/// it), in front of <c>tollgate simulate</c>: bodies over a provider's own limit get through the gateway to the provider.
/// </summary>
public sealed class LargeBodyLimitGatewayFixture : GatewayFixture
{
    public const int Limit = 64 * 1024 * 1024;

    protected override string[] SimulatorArguments => [];

    protected override GatewayServerOptions GatewayOptions => new()
    {
        Environment = { ["Tollgate__MaxRequestBodyBytes"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture) },
    };
}
