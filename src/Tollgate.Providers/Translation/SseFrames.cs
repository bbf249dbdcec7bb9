namespace Tollgate.Providers.Translation;

/// <summary>The framing of server-sent events as the providers write them: events end at a blank line; a name line and a data line.</summary>
internal static class SseFrames
{
    /// <summary>Length of the first event (its blank line included), or -1 when it is not complete yet.</summary>
    public static int EventLength(ReadOnlySpan<byte> buffer)
    {
        var lf = buffer.IndexOf("\n\n"u8);
        var crlf = (lf < 0 ? buffer : buffer[..Math.Min(buffer.Length, lf + 3)]).IndexOf("\r\n\r\n"u8);
        if (crlf >= 0)
        {
            return crlf + 4;
        }

        return lf < 0 ? -1 : lf + 2;
    }

    /// <summary>The event's name (its <c>event:</c> line), or empty.</summary>
    public static ReadOnlySpan<byte> Name(ReadOnlySpan<byte> sseEvent) => Field(sseEvent, "event:"u8);

    /// <summary>The payload of the event's first <c>data:</c> line, or empty.</summary>
    public static ReadOnlySpan<byte> Data(ReadOnlySpan<byte> sseEvent) => Field(sseEvent, "data:"u8);

    private static ReadOnlySpan<byte> Field(ReadOnlySpan<byte> sseEvent, ReadOnlySpan<byte> prefix)
    {
        while (!sseEvent.IsEmpty)
        {
            var end = sseEvent.IndexOf((byte)'\n');
            var line = end < 0 ? sseEvent : sseEvent[..end];
            sseEvent = end < 0 ? default : sseEvent[(end + 1)..];
            if (line.StartsWith(prefix))
            {
                return line[prefix.Length..].Trim(" \r"u8);
            }
        }

        return default;
    }
}
