using System.Text.Json;

namespace Tollgate.Core.Requests;

/// <summary>
/// Sets <c>include_usage: true</c> in an OpenAI <c>stream_options</c> value: the client's other options stay as
/// written, its own <c>include_usage</c> goes, and <c>"include_usage":true</c> closes the object. On compact
/// JSON (what SDKs send) this gives the bytes the gateway's splice has always sent.
/// </summary>
internal static class StreamUsageEdit
{
    /// <summary>Edits the value the reader stands on; leaves the reader on its last token.</summary>
    public static void Apply(ref Utf8JsonReader reader, ref BodySplicer output)
    {
        var valueStart = (int)reader.TokenStartIndex;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            // null (or anything the edge let through): the options become ours alone.
            reader.Skip();
            output.Replace(valueStart, (int)reader.BytesConsumed, "{\"include_usage\":true}"u8);
            return;
        }

        var members = new MemberTrail();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var nameStart = (int)reader.TokenStartIndex;
            var isIncludeUsage = reader.ValueTextEquals("include_usage"u8);
            if (!isIncludeUsage)
            {
                members.Keep(ref output, nameStart);
            }

            reader.Read();
            reader.Skip();
            if (isIncludeUsage)
            {
                members.Remove(ref output, nameStart, (int)reader.BytesConsumed);
            }
            else
            {
                members.KeptUntil((int)reader.BytesConsumed);
            }
        }

        output.CopyTo((int)reader.TokenStartIndex);
        output.Write(members.Kept > 0 ? ",\"include_usage\":true"u8 : "\"include_usage\":true"u8);
    }
}
