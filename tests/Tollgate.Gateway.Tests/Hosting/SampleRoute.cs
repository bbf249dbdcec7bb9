namespace Tollgate.Gateway.Tests.Hosting;

/// <summary>An entry of a list (<c>Routes:0</c>, <c>Routes:1</c> …).</summary>
internal sealed class SampleRoute
{
    public string? Model { get; set; }
}
