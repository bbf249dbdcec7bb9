using System.Text.Json;

namespace Tollgate.Core.Requests;

/// <summary>
/// Appends text to the system prompt: to a string after a blank line, to a content array as one more text part
/// or block, or as a new system prompt when the request has none. The text arrives escaped, without quotes.
/// </summary>
internal static class SystemPromptEdit
{
    private static readonly byte[] BlankLine = "\\n\\n"u8.ToArray();

    /// <summary>
    /// Anthropic: edits the <c>system</c> value the reader stands on (Responses API: <c>instructions</c>, whose array
    /// form holds input items, not text blocks, and is left as it is: <paramref name="blocks"/> false); leaves the reader
    /// on its last token.
    /// </summary>
    public static void ApplyToSystem(ref Utf8JsonReader reader, ref BodySplicer output, byte[] text, bool blocks = true)
    {
        var valueStart = (int)reader.TokenStartIndex;
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                // Inside the string, just before its closing quote.
                output.CopyTo((int)reader.BytesConsumed - 1);
                if (!reader.ValueSpan.IsEmpty)
                {
                    output.Write(BlankLine);
                }

                output.Write(text);
                break;
            case JsonTokenType.StartArray when blocks:
                var empty = SkipElements(ref reader);
                output.CopyTo((int)reader.TokenStartIndex);
                var block = output.OpenGap(output.Written, 0, TextPartLength(text, empty));
                WriteTextPart(block, text, empty);
                break;
            case JsonTokenType.Null:
                output.Drop(valueStart, (int)reader.BytesConsumed);
                output.Write((byte)'"');
                output.Write(text);
                output.Write((byte)'"');
                break;
            default:
                reader.Skip();
                break;
        }
    }

    /// <summary>
    /// OpenAI chat: appends to the first <c>system</c> or <c>developer</c> message of the <c>messages</c> value the
    /// reader stands on, or inserts a system message first; leaves the reader on the array's last token.
    /// </summary>
    public static void ApplyToMessages(ref Utf8JsonReader reader, ref BodySplicer output, byte[] text)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }

        output.CopyTo((int)reader.TokenStartIndex + 1);
        var first = output.Written;
        var count = 0;
        var found = false;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            count++;
            if (found || reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            found = AppendIfSystem(ref reader, ref output, text);
        }

        if (!found)
        {
            ReadOnlySpan<byte> head = "{\"role\":\"system\",\"content\":\""u8;
            var gap = output.OpenGap(first, 0, head.Length + text.Length + (count > 0 ? 3 : 2));
            Put(ref gap, head);
            Put(ref gap, text);
            Put(ref gap, count > 0 ? "\"},"u8 : "\"}"u8);
        }
    }

    /// <summary>
    /// Reads one message. Its <c>role</c> may come after its <c>content</c>, so the place to append is noted on the
    /// way and the text goes in when the message has ended and turned out to be a system message.
    /// </summary>
    private static bool AppendIfSystem(ref Utf8JsonReader reader, ref BodySplicer output, byte[] text)
    {
        var isSystem = false;
        var content = JsonTokenType.None;
        var at = 0;
        var empty = false;
        var members = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            members++;
            if (reader.ValueTextEquals("role"u8))
            {
                reader.Read();
                isSystem = reader.TokenType == JsonTokenType.String && (reader.ValueTextEquals("system"u8) || reader.ValueTextEquals("developer"u8));
                reader.Skip();
                continue;
            }

            if (!reader.ValueTextEquals("content"u8))
            {
                reader.Read();
                reader.Skip();
                continue;
            }

            reader.Read();
            content = reader.TokenType;
            switch (content)
            {
                case JsonTokenType.String:
                    output.CopyTo((int)reader.BytesConsumed - 1);
                    at = output.Written;
                    empty = reader.ValueSpan.IsEmpty;
                    break;
                case JsonTokenType.StartArray:
                    empty = SkipElements(ref reader);
                    output.CopyTo((int)reader.TokenStartIndex);
                    at = output.Written;
                    break;
                case JsonTokenType.Null:
                    output.CopyTo((int)reader.TokenStartIndex);
                    at = output.Written;
                    output.CopyTo((int)reader.BytesConsumed);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        if (!isSystem)
        {
            return false;
        }

        Span<byte> gap;
        switch (content)
        {
            case JsonTokenType.String:
                gap = output.OpenGap(at, 0, text.Length + (empty ? 0 : BlankLine.Length));
                Put(ref gap, empty ? [] : BlankLine);
                Put(ref gap, text);
                break;
            case JsonTokenType.StartArray:
                WriteTextPart(output.OpenGap(at, 0, TextPartLength(text, empty)), text, empty);
                break;
            case JsonTokenType.Null:
                gap = output.OpenGap(at, "null".Length, text.Length + 2);
                Put(ref gap, "\""u8);
                Put(ref gap, text);
                Put(ref gap, "\""u8);
                break;
            case JsonTokenType.None:
                output.CopyTo((int)reader.TokenStartIndex);
                output.Write(members > 0 ? ",\"content\":\""u8 : "\"content\":\""u8);
                output.Write(text);
                output.Write((byte)'"');
                break;
        }

        // A content of any other type is the provider's to refuse; the message still counts as the system prompt.
        return true;
    }

    /// <summary>Skips to the array's closing bracket; returns whether the array was empty.</summary>
    private static bool SkipElements(ref Utf8JsonReader reader)
    {
        var empty = true;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            empty = false;
            reader.Skip();
        }

        return empty;
    }

    private static int TextPartLength(byte[] text, bool empty) => TextPartHead.Length + text.Length + 2 + (empty ? 0 : 1);

    private static ReadOnlySpan<byte> TextPartHead => "{\"type\":\"text\",\"text\":\""u8;

    private static void WriteTextPart(Span<byte> gap, byte[] text, bool empty)
    {
        Put(ref gap, empty ? [] : ","u8);
        Put(ref gap, TextPartHead);
        Put(ref gap, text);
        Put(ref gap, "\"}"u8);
    }

    private static void Put(ref Span<byte> gap, ReadOnlySpan<byte> part)
    {
        part.CopyTo(gap);
        gap = gap[part.Length..];
    }
}
