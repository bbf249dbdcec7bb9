using System.Text.Json;

namespace Tollgate.Core.Requests;

/// <summary>
/// Adds stop sequences after the client's own (OpenAI <c>stop</c>: a string or an array; Anthropic
/// <c>stop_sequences</c>: an array). The client's entries are kept as written; an addition the client already
/// has is not repeated, and additions beyond the protocol's limit are left out.
/// </summary>
internal static class StopSequenceEdit
{
    /// <summary>Edits the value the reader stands on; leaves the reader on its last token.</summary>
    public static void Apply(ref Utf8JsonReader reader, ref BodySplicer output, List<EncodedText> stops, int limit)
    {
        var valueStart = (int)reader.TokenStartIndex;
        Span<bool> present = stops.Count <= 64 ? stackalloc bool[stops.Count] : new bool[stops.Count];
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                MarkPresent(ref reader, stops, present);
                if (CountToAdd(stops, present, limit - 1) > 0)
                {
                    // One sequence as a string becomes the first entry of an array.
                    output.CopyTo(valueStart);
                    output.Write((byte)'[');
                    output.CopyTo((int)reader.BytesConsumed);
                    WriteAdditions(ref output, stops, present, limit - 1, comma: true);
                    output.Write((byte)']');
                }

                break;
            case JsonTokenType.StartArray:
                var count = 0;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    count++;
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        MarkPresent(ref reader, stops, present);
                    }
                    else
                    {
                        reader.Skip();
                    }
                }

                output.CopyTo((int)reader.TokenStartIndex);
                WriteAdditions(ref output, stops, present, limit - count, comma: count > 0);
                break;
            case JsonTokenType.Null:
                output.Drop(valueStart, (int)reader.BytesConsumed);
                WriteNew(ref output, stops, limit);
                break;
            default:
                // Not a stop value the provider accepts: its error reaches the client unchanged.
                reader.Skip();
                break;
        }
    }

    /// <summary>Writes a new array of the additions (for a member the client left out or sent as null).</summary>
    public static void WriteNew(ref BodySplicer output, List<EncodedText> stops, int limit)
    {
        output.Write((byte)'[');
        WriteAdditions(ref output, stops, [], limit, comma: false);
        output.Write((byte)']');
    }

    private static void MarkPresent(ref Utf8JsonReader reader, List<EncodedText> stops, scoped Span<bool> present)
    {
        for (var i = 0; i < stops.Count; i++)
        {
            present[i] |= reader.ValueTextEquals(stops[i].Text);
        }
    }

    private static int CountToAdd(List<EncodedText> stops, ReadOnlySpan<bool> present, int slots)
    {
        var missing = 0;
        for (var i = 0; i < stops.Count; i++)
        {
            missing += present[i] ? 0 : 1;
        }

        return Math.Min(missing, Math.Max(slots, 0));
    }

    private static void WriteAdditions(ref BodySplicer output, List<EncodedText> stops, scoped ReadOnlySpan<bool> present, int slots, bool comma)
    {
        for (var i = 0; i < stops.Count && slots > 0; i++)
        {
            if (i < present.Length && present[i])
            {
                continue;
            }

            if (comma)
            {
                output.Write((byte)',');
            }

            output.Write(stops[i].Json);
            comma = true;
            slots--;
        }
    }
}
