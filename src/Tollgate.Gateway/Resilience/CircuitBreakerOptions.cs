namespace Tollgate.Gateway.Resilience;

/// <summary>
/// The circuit breaker of each provider and model: once <see cref="FailureRatio"/> of at least
/// <see cref="MinimumThroughput"/> calls in <see cref="SamplingSeconds"/> failed (a 5xx, 529 included, a timeout or a
/// connection failure; a 429 is the caller's rate, not the model's health, and does not count), the model is skipped
/// for <see cref="BreakSeconds"/>, then one call tries it again and closes the breaker when it succeeds.
/// </summary>
public sealed class CircuitBreakerOptions
{
    /// <summary>Whether breakers are kept at all.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The share of failed calls that opens the breaker (above 0, at most 1).</summary>
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>The fewest calls in the sampling window before the ratio counts (at least 2).</summary>
    public int MinimumThroughput { get; set; } = 10;

    /// <summary>The window failures are counted in, in seconds (at least 0.5).</summary>
    public double SamplingSeconds { get; set; } = 30;

    /// <summary>How long an open breaker skips its model, in seconds (at least 0.5).</summary>
    public double BreakSeconds { get; set; } = 30;
}
