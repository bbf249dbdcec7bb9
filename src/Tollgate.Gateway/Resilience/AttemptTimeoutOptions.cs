namespace Tollgate.Gateway.Resilience;

/// <summary>
/// How long one attempt may wait for the provider's answer to begin (its status line), in seconds, per workload class
/// (<c>x-tollgate-class</c>): tight for interactive calls someone waits on, generous for deferred and batch work. Each is
/// also bounded by what is left of <c>UpstreamTimeoutSeconds</c>, the bound of the whole call.
/// </summary>
public sealed class AttemptTimeoutOptions
{
    /// <summary>Interactive calls (the default class).</summary>
    public double InteractiveSeconds { get; set; } = 120;

    /// <summary>Deferred work.</summary>
    public double DeferredSeconds { get; set; } = 600;

    /// <summary>Batch work.</summary>
    public double BatchSeconds { get; set; } = 600;

    /// <summary>The attempt timeout of <paramref name="workloadClass"/>; an unknown class is taken as interactive.</summary>
    public double For(string? workloadClass) => workloadClass switch
    {
        "deferred" => DeferredSeconds,
        "batch" => BatchSeconds,
        _ => InteractiveSeconds,
    };
}
