namespace Tollgate.Gateway.Tests.Hosting;

/// <summary>Options shaped like the ones later features add: named feature sections, nested sections, lists.</summary>
internal sealed class SampleSettings
{
    public string? Name { get; set; }

    public Dictionary<string, SampleFeature> Features { get; set; } = [];

    public List<SampleRoute> Routes { get; set; } = [];
}
