using System.Text.Json;
using Tollgate.Core.Exchange;

namespace Tollgate.Providers.Translation;

/// <summary>
/// A provider's error body in the client's protocol, the status kept: Anthropic's
/// <c>{"type":"error","error":{"type","message"}}</c> and OpenAI's <c>{"error":{"message","type","param","code"}}</c>,
/// the error type mapped by status. A body that is no JSON error (a proxy's HTML page) gets a message naming the status.
/// </summary>
internal static class ErrorTranslation
{
    public static void Write(int status, ReadOnlySpan<byte> body, WireProtocol client, Utf8JsonWriter writer) =>
        Write(status, ReadMessage(body) ?? $"The provider answered with status {status}.", client, writer);

    /// <summary>An error of <paramref name="status"/> with <paramref name="message"/> in <paramref name="client"/>'s shape.</summary>
    public static void Write(int status, string message, WireProtocol client, Utf8JsonWriter writer)
    {
        if (client == WireProtocol.Anthropic)
        {
            writer.WriteStartObject();
            writer.WriteString("type", "error");
            writer.WriteStartObject("error");
            writer.WriteString("type", AnthropicType(status));
            writer.WriteString("message", message);
            writer.WriteEndObject();
            writer.WriteEndObject();
            return;
        }

        var (type, code) = OpenAIType(status);
        writer.WriteStartObject();
        writer.WriteStartObject("error");
        writer.WriteString("message", message);
        writer.WriteString("type", type);
        writer.WriteNull("param");
        if (code is null)
        {
            writer.WriteNull("code");
        }
        else
        {
            writer.WriteString("code", code);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>The message of a provider's error body, either protocol's shape; null when it has none.</summary>
    public static string? ReadMessage(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var error))
            {
                return error.ValueKind == JsonValueKind.Object ? TranslationJson.String(error, "message") : error.ValueKind == JsonValueKind.String ? error.GetString() : null;
            }

            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static string AnthropicType(int status) => status switch
    {
        400 or 422 => "invalid_request_error",
        401 => "authentication_error",
        402 => "billing_error",
        403 => "permission_error",
        404 => "not_found_error",
        413 => "request_too_large",
        429 => "rate_limit_error",
        504 => "timeout_error",
        529 or 503 => "overloaded_error",
        _ => "api_error",
    };

    public static (string Type, string? Code) OpenAIType(int status) => status switch
    {
        401 => ("invalid_request_error", "invalid_api_key"),
        403 => ("invalid_request_error", "permission_denied"),
        404 => ("invalid_request_error", "model_not_found"),
        429 => ("rate_limit_error", "rate_limit_exceeded"),
        >= 400 and < 500 => ("invalid_request_error", null),
        529 or 503 => ("server_error", "overloaded"),
        _ => ("server_error", null),
    };
}
