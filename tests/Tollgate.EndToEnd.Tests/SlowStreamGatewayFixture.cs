using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests;

/// <summary>
/// A gateway in front of a simulator that streams slowly (4 tokens a second: an answer of 50 tokens takes over
/// 12 s), so a stream can be left mid-way even on a busy machine.
/// </summary>
public sealed class SlowStreamGatewayFixture : GatewayFixture
{
    protected override string[] SimulatorArguments => ["--tokens-per-second", "4"];
}
