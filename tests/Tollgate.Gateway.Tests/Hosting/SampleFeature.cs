using Microsoft.Extensions.Configuration;

namespace Tollgate.Gateway.Tests.Hosting;

/// <summary>One feature's section (<c>Features:NAME</c>).</summary>
internal sealed class SampleFeature
{
    public int? MaxTokens { get; set; }

    /// <summary>Getter-only: the binder fills the object it returns.</summary>
    public SampleCache Cache { get; } = new();

    [ConfigurationKeyName("stop_sequences")]
    public string[] StopSequences { get; set; } = [];

    /// <summary>Computed: never read from configuration.</summary>
    public bool HasLimit => MaxTokens is not null;
}
