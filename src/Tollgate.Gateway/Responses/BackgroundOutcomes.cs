using Tollgate.Core.Exchange;
using Tollgate.Core.Responses;

namespace Tollgate.Gateway.Responses;

/// <summary>How a background response ended, put the same way whether the gateway asked the provider or a client did.</summary>
internal static class BackgroundOutcomes
{
    /// <summary>
    /// The outcome of a response in a terminal <paramref name="status"/>: a failed one carries its error code as the
    /// row's error type; one without usage leaves the cost unknown and says so.
    /// </summary>
    public static BackgroundResponseOutcome Ended(string status, TokenUsage? usage, string? model, string? errorType, BuiltInToolCalls builtInToolCalls)
    {
        var warning = (status, usage) switch
        {
            ("cancelled", null) => "background response cancelled; the provider reported no usage, cost unknown",
            ("cancelled", _) => "background response cancelled",
            (_, null) => $"background response ended {status}; the provider reported no usage, cost unknown",
            _ => null,
        };

        return new BackgroundResponseOutcome(status, usage, model, status == "failed" ? errorType ?? "response_failed" : null, builtInToolCalls, warning);
    }

    /// <summary>The provider no longer has the response (deleted before it finished): its usage can no longer be learnt.</summary>
    public static BackgroundResponseOutcome Gone { get; } = new(
        null, null, null, null, default,
        "background response: the provider no longer has it (deleted before it finished?); usage never reported, cost unknown");

    /// <summary>The response did not end within the retention of stored responses: given up, its cost unknown.</summary>
    public static BackgroundResponseOutcome Expired { get; } = new(
        null, null, null, null, default,
        "background response: not finished within the retention of stored responses; usage never reported, cost unknown");
}
