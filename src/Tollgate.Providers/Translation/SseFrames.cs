namespace Tollgate.Providers.Translation;

/// <summary>
/// The framing of server-sent events as the providers write them: events end at a blank line (LF or CRLF); a name line
/// and a data line. The one reading of it: the translators read events with it, and the gateway's relay
/// (<c>Relay/SseEvents</c>) too.
/// </summary>
internal static class SseFrames
{
    /// <summary>Length of the first event (its blank line included), or -1 when it is not complete yet.</summary>
    public static int EventLength(ReadOnlySpan<byte> buffer)
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

    /// <summary>The payload of the event's first <c>data:</c> line (one leading space dropped, as the format says), or empty.</summary>
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
}
