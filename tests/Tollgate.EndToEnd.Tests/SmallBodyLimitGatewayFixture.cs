using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests;

/// <summary>A gateway that accepts request bodies of up to 2 MiB, so a few MiB are enough to go over its limit.</summary>
public sealed class SmallBodyLimitGatewayFixture : GatewayFixture
{
    public const int Limit = 2 * 1024 * 1024;

    protected override string[] SimulatorArguments => [];

    protected override GatewayServerOptions GatewayOptions => new()
    {
        Environment = { ["Tollgate__MaxRequestBodyBytes"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture) },
    };
}
