using System.Globalization;
using Microsoft.AspNetCore.Http;
using Tollgate.Providers.Simulation.Calls;
using Tollgate.Providers.Simulation.Faults;
using Tollgate.Providers.Simulation.Requests;
using Tollgate.Providers.Simulation.Wire;

namespace Tollgate.Providers.Simulation.OpenAI;

/// <summary>OpenAI's <c>x-request-id</c> and error body: <c>{"error":{"message","type","param","code"}}</c>.</summary>
internal sealed class OpenAIErrors : IProviderErrors
{
    public static readonly OpenAIErrors Instance = new();

    private OpenAIErrors()
    {
    }

    public string RequestIdHeader => "x-request-id";

    /// <summary>
    /// 50 MB, OpenAI's documented limit on the payload of one request (its images and vision guide, "Image input
    /// requirements"), read as 50 MiB as OpenAI's own 413 reads its 25 MB upload limit (26,214,400 bytes).
    /// </summary>
    public long MaxRequestBodyBytes => 50L * 1024 * 1024;

    /// <summary>OpenAI's 413, as its API words it: <c>Maximum content size limit (52428800) exceeded (52428801 bytes read)</c>.</summary>
    public Task RequestTooLargeAsync(HttpResponse response, long bodyBytes, CancellationToken cancellationToken) =>
        WriteAsync(
            response,
            StatusCodes.Status413PayloadTooLarge,
            string.Create(CultureInfo.InvariantCulture, $"Maximum content size limit ({MaxRequestBodyBytes}) exceeded ({bodyBytes} bytes read)"),
            "server_error",
            null,
            null,
            cancellationToken);

    public Task MalformedJsonAsync(HttpResponse response, CancellationToken cancellationToken) =>
        WriteAsync(
            response,
            StatusCodes.Status400BadRequest,
            "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)",
            "invalid_request_error",
            null,
            null,
            cancellationToken);

    /// <summary>OpenAI's parser refuses such text as unparseable JSON, with the same answer as any other malformed body.</summary>
    public Task UnsoundTextAsync(HttpResponse response, string fault, CancellationToken cancellationToken) => MalformedJsonAsync(response, cancellationToken);

    public Task InvalidRequestAsync(HttpResponse response, RequestProblem problem, CancellationToken cancellationToken) =>
        WriteAsync(response, StatusCodes.Status400BadRequest, problem.Message, "invalid_request_error", problem.Param, problem.Code, cancellationToken);

    /// <summary>Answers a request the provider refuses with <paramref name="status"/> (a 404 for an id it does not know, a 400).</summary>
    public Task ProblemAsync(HttpResponse response, int status, RequestProblem problem, CancellationToken cancellationToken) =>
        WriteAsync(response, status, problem.Message, "invalid_request_error", problem.Param, problem.Code, cancellationToken);

    /// <summary>Answers an injected 429, 500 or 529 (503 here: OpenAI has no 529).</summary>
    public Task FaultAsync(HttpResponse response, SimulatedFault fault, string model, int retryAfterSeconds, CancellationToken cancellationToken)
    {
        switch (fault)
        {
            case SimulatedFault.RateLimited:
                response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                response.Headers["x-ratelimit-remaining-requests"] = "0";
                return WriteAsync(
                    response,
                    StatusCodes.Status429TooManyRequests,
                    $"Rate limit reached for {model} on requests per min (RPM): Limit 500, Used 500, Requested 1. Please try again in {retryAfterSeconds}s.",
                    "requests",
                    null,
                    "rate_limit_exceeded",
                    cancellationToken);
            case SimulatedFault.Overloaded:
                return WriteAsync(response, StatusCodes.Status503ServiceUnavailable, "The engine is currently overloaded, please try again later.", "server_error", null, null, cancellationToken);
            default:
                return WriteAsync(response, StatusCodes.Status500InternalServerError, "The server had an error while processing your request. Sorry about that!", "server_error", null, null, cancellationToken);
        }
    }

    private static Task WriteAsync(HttpResponse response, int status, string message, string type, string? param, string? code, CancellationToken cancellationToken) =>
        JsonWire.WriteBodyAsync(response, status, (message, type, param, code), static (writer, error) =>
        {
            writer.WriteStartObject();
            writer.WriteStartObject("error"u8);
            writer.WriteString("message"u8, error.message);
            writer.WriteString("type"u8, error.type);
            writer.WriteString("param"u8, error.param);
            writer.WriteString("code"u8, error.code);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }, cancellationToken);
}
