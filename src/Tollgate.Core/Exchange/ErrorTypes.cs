namespace Tollgate.Core.Exchange;

/// <summary>
/// Error types Tollgate itself produces. Names follow Anthropic's vocabulary; the OpenAI adapter maps
/// them onto OpenAI's (see the gateway's error writers).
/// </summary>
public static class ErrorTypes
{
    /// <summary>Malformed or invalid request (400).</summary>
    public const string InvalidRequest = "invalid_request_error";

    /// <summary>Missing or wrong key (401).</summary>
    public const string Authentication = "authentication_error";

    /// <summary>Not allowed (403).</summary>
    public const string Permission = "permission_error";

    /// <summary>Unknown route or object (404).</summary>
    public const string NotFound = "not_found_error";

    /// <summary>The request clashes with what exists, e.g. a key name already taken (409).</summary>
    public const string Conflict = "conflict";

    /// <summary>Body over the configured limit (413).</summary>
    public const string RequestTooLarge = "request_too_large";

    /// <summary>Budget exhausted (402).</summary>
    public const string BudgetExceeded = "budget_exceeded";

    /// <summary>Rate limited (429).</summary>
    public const string RateLimit = "rate_limit_error";

    /// <summary>The provider could not be reached (502).</summary>
    public const string UpstreamUnreachable = "upstream_unreachable";

    /// <summary>The provider did not answer in time (504).</summary>
    public const string UpstreamTimeout = "upstream_timeout";

    /// <summary>
    /// The model's circuit breaker is open: its recent calls failed, so Tollgate skips it for a while (an attempt that
    /// was never sent, and 503 when no model of the chain is left).
    /// </summary>
    public const string CircuitOpen = "circuit_open";

    /// <summary>
    /// An attempt whose answer did not meet the JSON Schema the request asked for, and which the call stage asked again
    /// for (its record's error; the answer never reached the client). Billed as the provider billed it, and wasted.
    /// </summary>
    public const string InvalidOutput = "invalid_output";

    /// <summary>The provider's stream ended before its final event.</summary>
    public const string UpstreamStreamCut = "upstream_stream_cut";

    /// <summary>
    /// A stored response the caller may not reach, or that the gateway never saw (404, answered as the provider answers
    /// an unknown id: OpenAI's <c>invalid_request_error</c>, no code).
    /// </summary>
    public const string ResponseNotFound = "response_not_found";

    /// <summary>The client went away before the response was complete (status 499).</summary>
    public const string ClientClosed = "client_closed";

    /// <summary>Tollgate failed (500).</summary>
    public const string Internal = "api_error";

    /// <summary>A pending row left by a process that died mid-call.</summary>
    public const string GatewayInterrupted = "gateway_interrupted";
}
