using System.Buffers.Binary;

namespace Tollgate.Storage.Embedded.Caching;

/// <summary>
/// How a stream's events are kept in one column: each as a 4-byte little-endian length and its bytes, so every event
/// comes back exactly as it was, whatever bytes it holds.
/// </summary>
internal static class CachePayload
{
    public static byte[] EncodeEvents(IReadOnlyList<ReadOnlyMemory<byte>> events)
    {
        long length = 0;
        foreach (var streamEvent in events)
        {
            length += sizeof(int) + streamEvent.Length;
        }

        var payload = new byte[length];
        var offset = 0;
        foreach (var streamEvent in events)
        {
            BinaryPrimitives.WriteInt32LittleEndian(payload.AsSpan(offset), streamEvent.Length);
            offset += sizeof(int);
            streamEvent.Span.CopyTo(payload.AsSpan(offset));
            offset += streamEvent.Length;
        }

        return payload;
    }

    /// <exception cref="InvalidDataException">The payload is not a sequence of framed events.</exception>
    public static IReadOnlyList<ReadOnlyMemory<byte>> DecodeEvents(byte[] payload)
    {
        var events = new List<ReadOnlyMemory<byte>>();
        var offset = 0;
        while (offset < payload.Length)
        {
            if (payload.Length - offset < sizeof(int))
            {
                throw new InvalidDataException("A cached stream ends inside an event's length.");
            }

            var length = BinaryPrimitives.ReadInt32LittleEndian(payload.AsSpan(offset));
            offset += sizeof(int);
            if (length < 0 || length > payload.Length - offset)
            {
                throw new InvalidDataException("A cached stream's event runs past its end.");
            }

            events.Add(payload.AsMemory(offset, length));
            offset += length;
        }

        return events;
    }
}
