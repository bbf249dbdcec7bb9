using System.Buffers.Binary;

namespace Tollgate.Storage.Embedded.Caching;

/// <summary>
/// How a stream's events are kept in one column: each as a 4-byte little-endian length and its bytes, so every event
/// comes back exactly as it was, whatever bytes it holds. A semantic vector is kept as its float32 components, each
/// little-endian.
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

    public static byte[] EncodeVector(ReadOnlySpan<float> vector)
    {
        var bytes = new byte[vector.Length * sizeof(float)];
        for (var i = 0; i < vector.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), vector[i]);
        }

        return bytes;
    }

    /// <exception cref="InvalidDataException">The bytes are not a whole number of float32 components.</exception>
    public static float[] DecodeVector(byte[] bytes)
    {
        if (bytes.Length % sizeof(float) != 0)
        {
            throw new InvalidDataException("A cached semantic vector is not a whole number of float32 components.");
        }

        var vector = new float[bytes.Length / sizeof(float)];
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * sizeof(float)));
        }

        return vector;
    }
}
