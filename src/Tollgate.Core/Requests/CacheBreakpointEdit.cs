using System.Text.Json;

namespace Tollgate.Core.Requests;

/// <summary>
/// Marks Anthropic prompt-cache breakpoints in one forward pass: <c>"cache_control":{"type":"ephemeral"}</c> goes at
/// the end of the block that closes a cached prefix. A string (system prompt, message content) becomes one text block
/// carrying it, its text copied as written. Blocks that cannot carry a breakpoint (thinking, empty text) are passed over
/// for the last one before them that can; where none can, the value is left as it is.
/// </summary>
internal static class CacheBreakpointEdit
{
    private static ReadOnlySpan<byte> Marker => ",\"cache_control\":{\"type\":\"ephemeral\"}"u8;

    private static ReadOnlySpan<byte> TextBlockHead => "{\"type\":\"text\",\"text\":"u8;

    /// <summary>The tools array the reader stands on: its last definition gets the breakpoint; leaves the reader on the array's last token.</summary>
    public static void ApplyToLastElement(ref Utf8JsonReader reader, ref BodySplicer output)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }

        var at = -1;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            var hasMembers = SkipMembers(ref reader);
            output.CopyTo((int)reader.TokenStartIndex);
            at = hasMembers ? output.Written : -1;
        }

        Mark(ref output, at);
    }

    /// <summary>
    /// The <c>system</c> value the reader stands on: its last block gets the breakpoint, after <paramref name="appended"/>
    /// (escaped text the output policy adds, or null) has been added to it; leaves the reader on the value's last token.
    /// </summary>
    public static void ApplyToSystem(ref Utf8JsonReader reader, ref BodySplicer output, byte[]? appended)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String when appended is not null || !reader.ValueSpan.IsEmpty:
                output.CopyTo((int)reader.TokenStartIndex);
                output.Write("["u8);
                output.Write(TextBlockHead);
                if (appended is null)
                {
                    output.CopyTo((int)reader.BytesConsumed);
                }
                else
                {
                    // Inside the string, just before its closing quote: the addition joins the client's text.
                    output.CopyTo((int)reader.BytesConsumed - 1);
                    output.Write(reader.ValueSpan.IsEmpty ? [] : "\\n\\n"u8);
                    output.Write(appended);
                    output.CopyTo((int)reader.BytesConsumed);
                }

                output.Write(Marker);
                output.Write("}]"u8);
                break;
            case JsonTokenType.StartArray:
                var (at, empty) = FindLastCacheable(ref reader, ref output);
                if (appended is null)
                {
                    Mark(ref output, at);
                    break;
                }

                output.CopyTo((int)reader.TokenStartIndex);
                output.Write(empty ? [] : ","u8);
                output.Write(TextBlockHead);
                output.Write((byte)'"');
                output.Write(appended);
                output.Write((byte)'"');
                output.Write(Marker);
                output.Write((byte)'}');
                break;
            case JsonTokenType.Null when appended is not null:
                SystemPromptEdit.ApplyToSystem(ref reader, ref output, appended);
                break;
            default:
                reader.Skip();
                break;
        }
    }

    /// <summary>
    /// The <c>messages</c> array the reader stands on: the last block of the message at <paramref name="index"/> that can
    /// carry a breakpoint gets one; leaves the reader on the array's last token.
    /// </summary>
    public static void ApplyToMessage(ref Utf8JsonReader reader, ref BodySplicer output, int index)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }

        var position = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (position++ != index || reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isContent = reader.ValueTextEquals("content"u8);
                reader.Read();
                if (isContent && reader.TokenType == JsonTokenType.String && !reader.ValueSpan.IsEmpty)
                {
                    output.CopyTo((int)reader.TokenStartIndex);
                    output.Write("["u8);
                    output.Write(TextBlockHead);
                    output.CopyTo((int)reader.BytesConsumed);
                    output.Write(Marker);
                    output.Write("}]"u8);
                }
                else if (isContent && reader.TokenType == JsonTokenType.StartArray)
                {
                    Mark(ref output, FindLastCacheable(ref reader, ref output).At);
                }
                else
                {
                    reader.Skip();
                }
            }
        }
    }

    /// <summary>
    /// Reads a block array to its closing bracket; returns the output position just before the closing brace of its last
    /// block that can carry a breakpoint (or -1), and whether the array was empty.
    /// </summary>
    private static (int At, bool Empty) FindLastCacheable(ref Utf8JsonReader reader, ref BodySplicer output)
    {
        var at = -1;
        var empty = true;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            empty = false;
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            if (ReadBlock(ref reader))
            {
                output.CopyTo((int)reader.TokenStartIndex);
                at = output.Written;
            }
        }

        return (at, empty);
    }

    /// <summary>Reads one content block to its closing brace: whether Anthropic lets it carry <c>cache_control</c>.</summary>
    private static bool ReadBlock(ref Utf8JsonReader reader)
    {
        var typed = false;
        var cacheable = true;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                typed = reader.TokenType == JsonTokenType.String;

                // Thinking blocks are cached with the turn around them but cannot carry a breakpoint themselves.
                cacheable &= !(reader.ValueTextEquals("thinking"u8) || reader.ValueTextEquals("redacted_thinking"u8));
            }
            else if (reader.ValueTextEquals("text"u8))
            {
                reader.Read();

                // An empty text block cannot be cached.
                cacheable &= reader.TokenType != JsonTokenType.String || !reader.ValueSpan.IsEmpty;
            }
            else
            {
                reader.Read();
            }

            reader.Skip();
        }

        return typed && cacheable;
    }

    /// <summary>Reads an object's members to its closing brace; returns whether it had any.</summary>
    private static bool SkipMembers(ref Utf8JsonReader reader)
    {
        var any = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            any = true;
            reader.Read();
            reader.Skip();
        }

        return any;
    }

    private static void Mark(ref BodySplicer output, int at)
    {
        if (at >= 0)
        {
            Marker.CopyTo(output.OpenGap(at, 0, Marker.Length));
        }
    }
}
