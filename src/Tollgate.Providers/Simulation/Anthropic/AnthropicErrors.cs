using Microsoft.AspNetCore.Http;
using Tollgate.Providers.Simulation.Calls;
using Tollgate.Providers.Simulation.Faults;
using Tollgate.Providers.Simulation.Requests;
using Tollgate.Providers.Simulation.Wire;

namespace Tollgate.Providers.Simulation.Anthropic;

/// <summary>Anthropic's <c>request-id</c> and error body: <c>{"type":"error","error":{"type","message"},"request_id"}</c>.</summary>
internal sealed class AnthropicErrors : IProviderErrors
{
    /// <summary>Anthropic's "overloaded" status, which has no name in <see cref="StatusCodes"/>.</summary>
    public const int Status529Overloaded = 529;

    public static readonly AnthropicErrors Instance = new();

    private AnthropicErrors()
    {
    }

    public string RequestIdHeader => "request-id";

    /// <summary>
    /// 32 MB, Anthropic's documented limit for the Messages and Token Counting APIs (its overview, "Request size
    /// limits"), read as 32 MiB: the size the gateway admits by default for that reason.
    /// </summary>
    public long MaxRequestBodyBytes => 32L * 1024 * 1024;

    /// <summary>Anthropic's 413 (sent by Cloudflare in front of the API, in the API's error shape): <c>request_too_large</c>.</summary>
    public Task RequestTooLargeAsync(HttpResponse response, long bodyBytes, CancellationToken cancellationToken) =>
        WriteAsync(response, StatusCodes.Status413PayloadTooLarge, "request_too_large", "Request exceeds the maximum size", cancellationToken);

    public Task MalformedJsonAsync(HttpResponse response, CancellationToken cancellationToken) =>
        WriteAsync(response, StatusCodes.Status400BadRequest, "invalid_request_error", "There was an error parsing the body of your request. Please ensure it is valid JSON.", cancellationToken);

    /// <summary>As Anthropic words it: <c>The request body is not valid JSON: no low surrogate in string: line 1 column 43 (char 42)</c>.</summary>
    public Task UnsoundTextAsync(HttpResponse response, string fault, CancellationToken cancellationToken) =>
        WriteAsync(response, StatusCodes.Status400BadRequest, "invalid_request_error", "The request body is not valid JSON: " + fault, cancellationToken);

    public Task InvalidRequestAsync(HttpResponse response, RequestProblem problem, CancellationToken cancellationToken) =>
        WriteAsync(response, StatusCodes.Status400BadRequest, "invalid_request_error", problem.Message, cancellationToken);

    /// <summary>Answers an injected 429, 500 or 529; Anthropic's messages do not name the model.</summary>
    public Task FaultAsync(HttpResponse response, SimulatedFault fault, string model, int retryAfterSeconds, CancellationToken cancellationToken)
    {
        switch (fault)
        {
            case SimulatedFault.RateLimited:
                response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                response.Headers["anthropic-ratelimit-requests-remaining"] = "0";
                return WriteAsync(response, StatusCodes.Status429TooManyRequests, "rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit. Please try again later.", cancellationToken);
            case SimulatedFault.Overloaded:
                return WriteAsync(response, Status529Overloaded, "overloaded_error", "Overloaded", cancellationToken);
            default:
                return WriteAsync(response, StatusCodes.Status500InternalServerError, "api_error", "Internal server error", cancellationToken);
        }
    }

    private static Task WriteAsync(HttpResponse response, int status, string type, string message, CancellationToken cancellationToken)
    {
        var requestId = response.Headers["request-id"].ToString();
        return JsonWire.WriteBodyAsync(response, status, (type, message, requestId), static (writer, error) =>
        {
            writer.WriteStartObject();
            writer.WriteString("type"u8, "error"u8);
            writer.WriteStartObject("error"u8);
            writer.WriteString("type"u8, error.type);
            writer.WriteString("message"u8, error.message);
            writer.WriteEndObject();
            writer.WriteString("request_id"u8, error.requestId);
            writer.WriteEndObject();
        }, cancellationToken);
    }
}
