using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Tollgate.Providers.Translation;

/// <summary>Small readers over a parsed body and the writer settings every translator writes with.</summary>
internal static class TranslationJson
{
    /// <summary>UTF-8 kept as is (the bodies go to JSON APIs, never into HTML); no validation cost on the hot path.</summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    public static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 256 };

    public static Utf8JsonWriter Writer(IBufferWriter<byte> output) => new(output, WriterOptions);

    public static bool Has(JsonElement element, string name, out JsonElement value) =>
        element.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

    public static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static bool IsString(JsonElement element, string name, string expected) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.ValueEquals(expected);

    public static long? Long(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number : null;

    public static bool True(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    public static bool False(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.False;

    /// <summary>Copies <paramref name="name"/> under <paramref name="as"/> when present and not null.</summary>
    public static void Copy(JsonElement from, string name, Utf8JsonWriter writer, string @as)
    {
        if (Has(from, name, out var value))
        {
            writer.WritePropertyName(@as);
            value.WriteTo(writer);
        }
    }

    /// <summary>Seconds since the Unix epoch, as the OpenAI APIs stamp their objects.</summary>
    public static long Now() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    /// <summary>
    /// Splits a <c>data:</c> URL (<c>data:image/png;base64,AAAA</c>) into its media type and base64 payload; false for
    /// any other URL.
    /// </summary>
    public static bool TrySplitDataUrl(string url, out string mediaType, out string data)
    {
        mediaType = string.Empty;
        data = string.Empty;
        if (!url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var marker = url.IndexOf(";base64,", StringComparison.OrdinalIgnoreCase);
        if (marker < 5)
        {
            return false;
        }

        mediaType = url[5..marker];
        data = url[(marker + 8)..];
        return true;
    }
}
