namespace Tollgate.EndToEnd.Tests;

/// <summary>Tests that share one <see cref="BuiltInSimulatorGatewayFixture"/>, started once.</summary>
[CollectionDefinition(Name)]
public sealed class BuiltInSimulatorCollection : ICollectionFixture<BuiltInSimulatorGatewayFixture>
{
    public const string Name = "built-in simulator";
}
