namespace Tollgate.Gateway;

/// <summary>Latency of the in-process simulated provider.</summary>
public sealed class SimulatedProviderOptions
{
    /// <summary>Time to first token, in milliseconds.</summary>
    public int TimeToFirstTokenMs { get; set; }

    /// <summary>Output tokens per second; 0 means no per-token delay.</summary>
    public double TokensPerSecond { get; set; }
}
