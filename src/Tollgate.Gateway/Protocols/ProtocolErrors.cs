using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Tollgate.Core.Exchange;

namespace Tollgate.Gateway.Protocols;

/// <summary>
/// Writes Tollgate's own errors in the error shape of the protocol the client speaks, so its SDK raises the
/// same exception type it would for the provider: OpenAI <c>{"error":{"message","type","param","code"}}</c>,
/// Anthropic <c>{"type":"error","error":{"type","message"}}</c>.
/// </summary>
internal static class ProtocolErrors
{
    // Error bodies are JSON documents, not HTML: quotes and apostrophes in messages stay readable.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <param name="protocol">Whose error shape.</param>
    /// <param name="errorType">Tollgate's error type (<see cref="ErrorTypes"/>), mapped onto the protocol's.</param>
    /// <param name="message">What went wrong; never a secret, never a stack trace.</param>
    /// <param name="param">OpenAI's <c>param</c>: the request field at fault.</param>
    /// <param name="code">OpenAI's <c>code</c> when it is more precise than the one the error type implies (<c>integer_below_min_value</c>).</param>
    public static byte[] Format(WireProtocol protocol, string errorType, string message, string? param = null, string? code = null)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            if (protocol == WireProtocol.Anthropic)
            {
                writer.WriteString("type"u8, "error"u8);
                writer.WriteStartObject("error"u8);
                writer.WriteString("type"u8, AnthropicType(errorType));
                writer.WriteString("message"u8, message);
                writer.WriteEndObject();
            }
            else
            {
                writer.WriteStartObject("error"u8);
                writer.WriteString("message"u8, message);
                writer.WriteString("type"u8, OpenAIType(errorType));
                if (param is null)
                {
                    writer.WriteNull("param"u8);
                }
                else
                {
                    writer.WriteString("param"u8, param);
                }

                if ((code ?? OpenAICode(errorType)) is { } openAICode)
                {
                    writer.WriteString("code"u8, openAICode);
                }
                else
                {
                    writer.WriteNull("code"u8);
                }
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static async Task WriteAsync(HttpResponse response, WireProtocol protocol, int status, string errorType, string message, string? param = null, string? code = null)
    {
        var body = Format(protocol, errorType, message, param, code);
        response.StatusCode = status;
        response.ContentType = "application/json";
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body).ConfigureAwait(false);
    }

    /// <summary>The protocol a path belongs to, for errors on routes that do not exist.</summary>
    public static WireProtocol ProtocolOfPath(PathString path) =>
        path.StartsWithSegments("/v1/messages", StringComparison.OrdinalIgnoreCase) ? WireProtocol.Anthropic : WireProtocol.OpenAI;

    private static string OpenAIType(string errorType) => errorType switch
    {
        ErrorTypes.InvalidRequest or ErrorTypes.Authentication or ErrorTypes.NotFound or ErrorTypes.ResponseNotFound or ErrorTypes.RequestTooLarge or ErrorTypes.Permission or ErrorTypes.Conflict => "invalid_request_error",
        ErrorTypes.RateLimit => "requests",
        ErrorTypes.BudgetExceeded => ErrorTypes.BudgetExceeded,
        _ => "server_error",
    };

    private static string? OpenAICode(string errorType) => errorType switch
    {
        ErrorTypes.ResponseNotFound => null, // OpenAI's answer to an unknown response id has none
        ErrorTypes.Authentication => "invalid_api_key",
        ErrorTypes.NotFound => "unknown_url",
        ErrorTypes.RateLimit => "rate_limit_exceeded",
        ErrorTypes.Internal => "internal_error",
        _ => errorType,
    };

    private static string AnthropicType(string errorType) => errorType switch
    {
        ErrorTypes.UpstreamUnreachable or ErrorTypes.UpstreamTimeout or ErrorTypes.UpstreamStreamCut or ErrorTypes.CircuitOpen => ErrorTypes.Internal,
        _ => errorType,
    };
}
