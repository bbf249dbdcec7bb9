using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests;

/// <summary>A gateway in front of a simulator that streams slowly (20 tokens a second), so a stream can be left mid-way.</summary>
public sealed class SlowStreamGatewayFixture : GatewayFixture
{
    protected override string[] SimulatorArguments => ["--tokens-per-second", "20"];
}
