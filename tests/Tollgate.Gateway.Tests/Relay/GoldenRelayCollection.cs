namespace Tollgate.Gateway.Tests.Relay;

/// <summary>
/// The relay tests share one golden upstream and one gateway, and run one at a time: each test chooses what the
/// upstream answers next.
/// </summary>
[CollectionDefinition(Name)]
public sealed class GoldenRelayCollection : ICollectionFixture<GoldenGatewayFixture>
{
    public const string Name = "golden relay";
}
