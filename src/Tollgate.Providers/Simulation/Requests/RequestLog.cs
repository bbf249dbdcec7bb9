using System.Text.Json;

namespace Tollgate.Providers.Simulation.Requests;

/// <summary>
/// The newest calls the simulator answered, in a fixed-size ring so that a long benchmark costs one
/// small object and a short lock per call and never grows memory.
/// </summary>
internal sealed class RequestLog
{
    private readonly SimulatedRequest?[] _ring;
    private readonly Lock _gate = new();
    private long _total;

    public RequestLog(int capacity) => _ring = new SimulatedRequest?[capacity];

    public void Add(SimulatedRequest request)
    {
        lock (_gate)
        {
            _ring[(int)(_total % _ring.Length)] = request;
            _total++;
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            Array.Clear(_ring);
            _total = 0;
        }
    }

    /// <summary>The kept calls, oldest first.</summary>
    public SimulatedRequest[] Snapshot()
    {
        lock (_gate)
        {
            var count = (int)Math.Min(_total, _ring.Length);
            var result = new SimulatedRequest[count];
            var first = _total - count;
            for (var i = 0; i < count; i++)
            {
                result[i] = _ring[(int)((first + i) % _ring.Length)]!;
            }

            return result;
        }
    }

    public static void WriteJson(Utf8JsonWriter writer, SimulatedRequest[] requests, string? requestIdFilter)
    {
        writer.WriteStartArray();
        foreach (var request in requests)
        {
            if (requestIdFilter is not null && request.RequestId != requestIdFilter)
            {
                continue;
            }

            writer.WriteStartObject();
            writer.WriteString("request_id"u8, request.RequestId);
            writer.WriteString("path"u8, request.Path);
            writer.WriteString("model"u8, request.Model);
            writer.WriteBoolean("stream"u8, request.Stream);
            writer.WriteNumber("status"u8, request.Status);
            writer.WriteBoolean("completed"u8, request.Completed);
            if (request.Body is not null)
            {
                writer.WriteString("body"u8, request.Body);
            }

            WriteMap(writer, "credentials"u8, request.Credentials);
            WriteMap(writer, "headers"u8, request.Headers);

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteMap(Utf8JsonWriter writer, ReadOnlySpan<byte> name, IReadOnlyDictionary<string, string>? map)
    {
        if (map is null)
        {
            return;
        }

        writer.WriteStartObject(name);
        foreach (var (key, value) in map)
        {
            writer.WriteString(key, value);
        }

        writer.WriteEndObject();
    }
}
