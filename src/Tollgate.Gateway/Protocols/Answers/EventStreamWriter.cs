using System.Buffers;
using System.Text.Json;

namespace Tollgate.Gateway.Protocols.Answers;

/// <summary>
/// Writes server-sent events framed as the providers frame them: an optional <c>event:</c> line, one <c>data:</c>
/// line holding compact JSON, and a blank line.
/// </summary>
internal sealed class EventStreamWriter : IDisposable
{
    private readonly ArrayBufferWriter<byte> _buffer;
    private readonly Utf8JsonWriter _json;

    public EventStreamWriter(int capacity)
    {
        _buffer = new ArrayBufferWriter<byte>(Math.Max(capacity, 256));
        _json = new Utf8JsonWriter(_buffer, AnswerJson.WriterOptions);
    }

    /// <summary>Starts an event (named on an <c>event:</c> line when a name is given) and returns the writer of its data.</summary>
    public Utf8JsonWriter Begin(ReadOnlySpan<byte> name = default)
    {
        if (!name.IsEmpty)
        {
            _buffer.Write("event: "u8);
            _buffer.Write(name);
            _buffer.Write("\n"u8);
        }

        _buffer.Write("data: "u8);
        _json.Reset(_buffer);
        return _json;
    }

    /// <summary>Ends the event begun by <see cref="Begin"/>.</summary>
    public void End()
    {
        _json.Flush();
        _buffer.Write("\n\n"u8);
    }

    /// <summary>Appends an event already framed (<c>data: [DONE]</c>, a ping).</summary>
    public void WriteRaw(ReadOnlySpan<byte> framedEvent) => _buffer.Write(framedEvent);

    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();

    public void Dispose() => _json.Dispose();
}
