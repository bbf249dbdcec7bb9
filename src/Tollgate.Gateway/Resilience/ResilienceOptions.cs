namespace Tollgate.Gateway.Resilience;

/// <summary>
/// How the call stage retries a model, how long it waits for one, and when it stops calling a failing one
/// (<c>Tollgate:Resilience</c>). Read once per exchange, so a change applies to the calls that start after it; a change
/// of <see cref="CircuitBreaker"/> starts every model's breaker afresh.
/// </summary>
public sealed class ResilienceOptions
{
    /// <summary>Default of <see cref="MaxRetries"/>.</summary>
    public const int DefaultMaxRetries = 2;

    /// <summary>
    /// How many times one model is called again after a 429, a 5xx (529 included), a timeout or a connection failure,
    /// before the next model of its fallback chain is tried; 0 calls each model once.
    /// </summary>
    public int MaxRetries { get; set; } = DefaultMaxRetries;

    /// <summary>The first wait before a retry, in milliseconds, when the provider names none; each later one doubles it (with ±20 % jitter).</summary>
    public double BaseDelayMs { get; set; } = 500;

    /// <summary>The longest single wait, in seconds: a provider's <c>retry-after</c> above it is not waited for (the next model is tried).</summary>
    public double MaxDelaySeconds { get; set; } = 8;

    /// <summary>
    /// The most one exchange waits between attempts in all, in seconds, across every model of its chain: a wait that
    /// would go past it is cut to what is left, and a <c>retry-after</c> that would is not waited for.
    /// </summary>
    public double RetryBudgetSeconds { get; set; } = 10;

    /// <summary>How long one attempt may wait for the provider's answer to begin, per workload class.</summary>
    public AttemptTimeoutOptions Timeouts { get; set; } = new();

    /// <summary>The circuit breaker kept per provider and model.</summary>
    public CircuitBreakerOptions CircuitBreaker { get; set; } = new();
}
