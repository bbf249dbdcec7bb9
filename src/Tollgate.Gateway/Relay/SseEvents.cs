using System.Buffers.Text;
using Tollgate.Providers.Translation;

namespace Tollgate.Gateway.Relay;

/// <summary>Byte-level helpers for server-sent events as the providers frame them.</summary>
internal static class SseEvents
{
    /// <summary>Length of the event (blank-line terminator included) at the start of <paramref name="buffer"/>, or -1 if incomplete.</summary>
    public static int CompleteEventLength(ReadOnlySpan<byte> buffer) => SseFrames.EventLength(buffer);

    /// <summary>The payload of the event's (first) <c>data:</c> line.</summary>
    public static ReadOnlySpan<byte> Data(ReadOnlySpan<byte> sseEvent) => SseFrames.Data(sseEvent);

    /// <summary>The event's name (its <c>event:</c> line), or empty.</summary>
    public static ReadOnlySpan<byte> Name(ReadOnlySpan<byte> sseEvent) => SseFrames.Name(sseEvent);

    /// <summary>
    /// The <c>type</c> of a JSON payload that opens with it (<c>{"type":"response.completed",…</c>), or empty: how an
    /// event is named by a server that writes no <c>event:</c> line.
    /// </summary>
    public static ReadOnlySpan<byte> LeadingType(ReadOnlySpan<byte> json)
    {
        ReadOnlySpan<byte> prefix = "{\"type\":\""u8;
        if (!json.StartsWith(prefix))
        {
            return default;
        }

        var rest = json[prefix.Length..];
        var end = rest.IndexOf((byte)'"');
        return end < 0 ? default : rest[..end];
    }

    /// <summary>Whether a JSON payload carries a non-null <c>usage</c> object (cheap check before parsing).</summary>
    public static bool HasUsageObject(ReadOnlySpan<byte> json)
    {
        var at = json.IndexOf("\"usage\""u8);
        if (at < 0)
        {
            return false;
        }

        var rest = json[(at + 7)..].TrimStart(" \t:"u8);
        return !rest.IsEmpty && rest[0] == (byte)'{';
    }

    /// <summary>
    /// The <c>sequence_number</c> that follows a Responses event's (<paramref name="next"/> + 1 when it names none): what
    /// an event the gateway adds after it carries.
    /// </summary>
    public static long NextSequenceNumber(ReadOnlySpan<byte> sseEvent, long next)
    {
        var data = Data(sseEvent);
        ReadOnlySpan<byte> field = "\"sequence_number\":"u8;
        var at = data.LastIndexOf(field);
        return at >= 0 && Utf8Parser.TryParse(data[(at + field.Length)..].TrimStart((byte)' '), out long value, out _) ? value + 1 : next + 1;
    }
}
