using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests;

/// <summary>Tests that share one simulator and one gateway, started once.</summary>
[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<GatewayFixture>
{
    public const string Name = "gateway";
}
