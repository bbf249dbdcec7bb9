using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Tollgate.Core.Requests;

/// <summary>
/// Finds string text that <see cref="Utf8JsonReader"/> reads past without complaint but cannot turn into a
/// <see cref="string"/> (<c>GetString</c> throws): bytes that are not UTF-8, and <c>\u</c> escapes of unpaired
/// UTF-16 surrogates such as <c>"a\ud800b"</c>. RFC 8259 leaves the escapes to the parser; the providers' parsers
/// refuse both with 400, so a reader of such a body must not fail in any other way.
/// </summary>
public static class JsonTextCheck
{
    private static readonly JsonReaderOptions Options = new() { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 256 };

    /// <summary>The first fault in any string or property name of <paramref name="json"/>, or null when all text is sound.</summary>
    /// <param name="json">A document that is valid JSON otherwise.</param>
    /// <exception cref="JsonException">The document is not valid JSON.</exception>
    public static JsonTextFault? Find(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, Options);
        while (reader.Read())
        {
            if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && InCurrentToken(ref reader) is { } fault)
            {
                return fault;
            }
        }

        return null;
    }

    /// <summary>The fault in the string or property name <paramref name="reader"/> stands on, or null.</summary>
    public static JsonTextFault? InCurrentToken(ref Utf8JsonReader reader)
    {
        ReadOnlySpan<byte> value = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan;
        var at = FindIn(value, reader.ValueIsEscaped, out var kind);

        // The token starts at its opening quote.
        return at < 0 ? null : new JsonTextFault(kind, reader.TokenStartIndex + 1 + at);
    }

    /// <summary>Whether the raw (still escaped) text of a JSON string has a UTF-8 form.</summary>
    /// <param name="raw">The bytes between the quotes.</param>
    /// <param name="escaped">Whether they contain escapes.</param>
    public static bool IsSound(ReadOnlySpan<byte> raw, bool escaped) => FindIn(raw, escaped, out _) < 0;

    /// <summary>The text of a JSON string whose raw bytes are not sound: invalid bytes become U+FFFD, escapes stay as written.</summary>
    /// <param name="raw">The bytes between the quotes.</param>
    public static string Lossy(ReadOnlySpan<byte> raw) => Encoding.UTF8.GetString(raw);

    private static int FindIn(ReadOnlySpan<byte> raw, bool escaped, out JsonTextFaultKind kind)
    {
        kind = JsonTextFaultKind.InvalidUtf8;
        if (!Utf8.IsValid(raw))
        {
            return FirstInvalidByte(raw);
        }

        if (!escaped)
        {
            return -1;
        }

        // Escapes are ASCII, so the text around them is already known to be UTF-8; only \u escapes can pair badly.
        var i = raw.IndexOf((byte)'\\');
        while (i >= 0 && i < raw.Length - 1)
        {
            if (raw[i + 1] != (byte)'u')
            {
                i = Next(raw, i + 2);
                continue;
            }

            var unit = Hex(raw, i + 2);
            if (unit is >= 0xDC00 and <= 0xDFFF)
            {
                kind = JsonTextFaultKind.InvalidHighSurrogate;
                return i;
            }

            if (unit is < 0xD800 or > 0xDBFF)
            {
                i = Next(raw, i + 6);
                continue;
            }

            if (i + 7 >= raw.Length || raw[i + 6] != (byte)'\\' || raw[i + 7] != (byte)'u')
            {
                kind = JsonTextFaultKind.NoLowSurrogate;
                return i;
            }

            if (Hex(raw, i + 8) is < 0xDC00 or > 0xDFFF)
            {
                kind = JsonTextFaultKind.InvalidLowSurrogate;
                return i + 6;
            }

            i = Next(raw, i + 12);
        }

        return -1;
    }

    private static int Next(ReadOnlySpan<byte> raw, int from)
    {
        if (from >= raw.Length)
        {
            return -1;
        }

        var at = raw[from..].IndexOf((byte)'\\');
        return at < 0 ? -1 : from + at;
    }

    /// <summary>The four hex digits at <paramref name="at"/>; the reader has already checked there are four.</summary>
    private static int Hex(ReadOnlySpan<byte> raw, int at)
    {
        var value = 0;
        for (var i = at; i < at + 4 && i < raw.Length; i++)
        {
            var c = raw[i] | 0x20; // lower-case letters; digits are unchanged
            value = (value << 4) | (c <= '9' ? c - '0' : c - 'a' + 10);
        }

        return value;
    }

    private static int FirstInvalidByte(ReadOnlySpan<byte> raw)
    {
        var i = 0;
        while (i < raw.Length)
        {
            if (Rune.DecodeFromUtf8(raw[i..], out _, out var consumed) != OperationStatus.Done)
            {
                return i;
            }

            i += consumed;
        }

        return 0;
    }
}
