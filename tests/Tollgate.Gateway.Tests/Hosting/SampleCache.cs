namespace Tollgate.Gateway.Tests.Hosting;

/// <summary>A section inside a feature's section.</summary>
internal sealed class SampleCache
{
    public int TtlSeconds { get; set; }
}
