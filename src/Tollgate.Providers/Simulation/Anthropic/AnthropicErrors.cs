using Microsoft.AspNetCore.Http;
using Tollgate.Providers.Simulation.Faults;
using Tollgate.Providers.Simulation.Wire;

namespace Tollgate.Providers.Simulation.Anthropic;

/// <summary>Anthropic's error body: <c>{"type":"error","error":{"type","message"},"request_id"}</c>.</summary>
internal static class AnthropicErrors
{
    /// <summary>Anthropic's "overloaded" status, which has no name in <see cref="StatusCodes"/>.</summary>
    public const int Status529Overloaded = 529;

    public static Task WriteAsync(HttpResponse response, int status, string type, string message, CancellationToken cancellationToken)
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

    public static Task InvalidRequestAsync(HttpResponse response, string message, CancellationToken cancellationToken) =>
        WriteAsync(response, StatusCodes.Status400BadRequest, "invalid_request_error", message, cancellationToken);

    public static Task MalformedJsonAsync(HttpResponse response, CancellationToken cancellationToken) =>
        InvalidRequestAsync(response, "There was an error parsing the body of your request. Please ensure it is valid JSON.", cancellationToken);

    /// <summary>Answers an injected 429, 500 or 529.</summary>
    public static Task FaultAsync(HttpResponse response, SimulatedFault fault, int retryAfterSeconds, CancellationToken cancellationToken)
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
}
