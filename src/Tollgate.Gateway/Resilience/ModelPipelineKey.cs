namespace Tollgate.Gateway.Resilience;

/// <summary>
/// The key of one model's resilience pipeline: the provider and model it calls, and the settings its strategies were
/// built with, so a change of them builds a new pipeline while unchanged settings keep the breaker's state.
/// </summary>
internal readonly record struct ModelPipelineKey(string Provider, string Model, int MaxRetries, bool BreakerEnabled, double FailureRatio, int MinimumThroughput, double SamplingSeconds, double BreakSeconds)
{
    /// <summary>The key of <paramref name="model"/> at <paramref name="provider"/> under <paramref name="options"/>.</summary>
    public static ModelPipelineKey Of(string provider, string model, ResilienceOptions options)
    {
        var breaker = options.CircuitBreaker;
        return new(provider, model, options.MaxRetries, breaker.Enabled, breaker.FailureRatio, breaker.MinimumThroughput, breaker.SamplingSeconds, breaker.BreakSeconds);
    }
}
