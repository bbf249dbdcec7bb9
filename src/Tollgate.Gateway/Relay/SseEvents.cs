namespace Tollgate.Gateway.Relay;

/// <summary>Byte-level helpers for server-sent events as the providers frame them.</summary>
internal static class SseEvents
{
    /// <summary>Length of the event (blank-line terminator included) at the start of <paramref name="buffer"/>, or -1 if incomplete.</summary>
    public static int CompleteEventLength(ReadOnlySpan<byte> buffer)
    {
        var lf = buffer.IndexOf("\n\n"u8);
        // A CRLF terminator ends the event first only if it starts before the LF one: search no further
        // (so a read holding many events is scanned once, not once per event).
        var crlf = (lf < 0 ? buffer : buffer[..Math.Min(buffer.Length, lf + 3)]).IndexOf("\r\n\r\n"u8);
        if (crlf >= 0)
        {
            return crlf + 4;
        }

        return lf < 0 ? -1 : lf + 2;
    }

    /// <summary>The payload of the event's (first) <c>data:</c> line.</summary>
    public static ReadOnlySpan<byte> Data(ReadOnlySpan<byte> sseEvent)
    {
        while (!sseEvent.IsEmpty)
        {
            var end = sseEvent.IndexOf((byte)'\n');
            var line = end < 0 ? sseEvent : sseEvent[..end];
            sseEvent = end < 0 ? default : sseEvent[(end + 1)..];
            if (line.StartsWith("data:"u8))
            {
                line = line[5..];
                if (!line.IsEmpty && line[0] == (byte)' ')
                {
                    line = line[1..];
                }

                return line.TrimEnd((byte)'\r');
            }
        }

        return default;
    }

    /// <summary>The event's name (its <c>event:</c> line), or empty.</summary>
    public static ReadOnlySpan<byte> Name(ReadOnlySpan<byte> sseEvent)
    {
        if (!sseEvent.StartsWith("event:"u8))
        {
            var at = sseEvent.IndexOf("\nevent:"u8);
            if (at < 0)
            {
                return default;
            }

            sseEvent = sseEvent[(at + 1)..];
        }

        var line = sseEvent[6..];
        var end = line.IndexOf((byte)'\n');
        line = end < 0 ? line : line[..end];
        return line.Trim(" \r"u8);
    }

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
}
