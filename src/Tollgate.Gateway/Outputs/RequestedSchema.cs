using System.Text.Json;
using Tollgate.Core.Exchange;

namespace Tollgate.Gateway.Outputs;

/// <summary>
/// The JSON Schema a request asks its answer to meet, as the protocols carry it: Chat Completions'
/// <c>response_format: {"type": "json_schema", "json_schema": {"schema": …}}</c>, the Responses API's
/// <c>text.format: {"type": "json_schema", "schema": …}</c>, Anthropic's <c>output_config.format: {"type": "json_schema",
/// "schema": …}</c> (or the beta's <c>output_format</c>). The body is parsed again only when it holds the words <c>json_schema</c>, so other requests cost
/// one vectorised search.
/// </summary>
internal static class RequestedSchema
{
    /// <summary>The schema's JSON text, or null when the request asks for none.</summary>
    public static string? Find(ReadOnlySpan<byte> body, ExchangeOperation operation)
    {
        if (operation is not (ExchangeOperation.ChatCompletions or ExchangeOperation.Responses or ExchangeOperation.Messages)
            || body.IndexOf("json_schema"u8) < 0)
        {
            return null;
        }

        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            var schema = operation switch
            {
                ExchangeOperation.ChatCompletions => Format(root, "response_format") is { } format && format.TryGetProperty("json_schema", out var named) && named.ValueKind == JsonValueKind.Object
                    ? Property(named, "schema")
                    : null,
                ExchangeOperation.Responses => Property(root, "text") is { } text && Format(text, "format") is { } format ? Property(format, "schema") : null,
                _ => (Format(root, "output_format") ?? (Property(root, "output_config") is { } config ? Format(config, "format") : null)) is { } format
                    ? Property(format, "schema")
                    : null,
            };
            return schema is { ValueKind: JsonValueKind.Object or JsonValueKind.True or JsonValueKind.False } value ? value.GetRawText() : null;
        }
        catch (JsonException)
        {
            return null; // the edge has read the body already; a body it let through is JSON
        }
    }

    /// <summary>The object under <paramref name="name"/> when its <c>type</c> is <c>json_schema</c>.</summary>
    private static JsonElement? Format(JsonElement parent, string name) =>
        Property(parent, name) is { ValueKind: JsonValueKind.Object } format
            && format.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.ValueEquals("json_schema"u8)
            ? format
            : null;

    private static JsonElement? Property(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) ? value : null;
}
