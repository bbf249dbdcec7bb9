using Polly;
using Polly.Timeout;
using Tollgate.Providers.Clients;

namespace Tollgate.Gateway.Resilience;

/// <summary>Which outcomes of a provider call are worth another attempt, and which count against the model's health.</summary>
internal static class AttemptOutcomes
{
    /// <summary>Anthropic's "overloaded" status.</summary>
    public const int Overloaded = 529;

    /// <summary>
    /// A status another attempt may get past: 408 (the provider's own timeout), 409 (a conflict the provider says to
    /// retry), 429 (rate limited) and every 5xx (529, overloaded, among them).
    /// </summary>
    public static bool IsTransient(int status) => status is 408 or 409 or 429 or >= 500 and < 600;

    /// <summary>A failure another attempt may get past: the attempt's timeout, or a connection that failed.</summary>
    public static bool IsTransient(Exception? exception) => exception is TimeoutRejectedException or HttpRequestException or IOException;

    /// <summary>
    /// Whether an outcome counts as a failure of the model in its circuit breaker: a 5xx (529 among them), a timeout or
    /// a connection failure. A 429 is the caller's rate, not the model's health, and a 4xx is the request's fault.
    /// </summary>
    public static bool CountsAgainstModel(Outcome<ProviderResponse> outcome) =>
        outcome.Result is { } response ? response.Status is >= 500 and < 600 : IsTransient(outcome.Exception);
}
