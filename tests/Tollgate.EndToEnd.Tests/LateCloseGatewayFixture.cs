using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests;

/// <summary>
/// A gateway in front of a simulator that keeps each stream open for a second after its final event, as a slow
/// connection would: a gateway that settled only when the upstream stream ended would still be writing the row
/// when its client read <c>[DONE]</c> or <c>message_stop</c>.
/// </summary>
public sealed class LateCloseGatewayFixture : GatewayFixture
{
    protected override string[] SimulatorArguments => ["--record-headers", "--close-delay-ms", "1000"];
}
