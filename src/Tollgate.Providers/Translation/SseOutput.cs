using System.Text.Json;

namespace Tollgate.Providers.Translation;

/// <summary>Where a stream translator writes its events: framed as server-sent events into a pooled buffer, one JSON writer reused.</summary>
internal sealed class SseOutput : IDisposable
{
    private readonly Utf8JsonWriter _writer;

    public SseOutput(PooledBuffer buffer)
    {
        Buffer = buffer;
        _writer = TranslationJson.Writer(buffer);
    }

    public PooledBuffer Buffer { get; }

    /// <summary>Starts an event (<c>event: NAME</c> when named, then <c>data: </c>) and returns the writer for its JSON.</summary>
    public Utf8JsonWriter Begin(string? name)
    {
        if (name is not null)
        {
            Buffer.Write("event: "u8);
            WriteAscii(name);
            Buffer.Write("\n"u8);
        }

        Buffer.Write("data: "u8);
        _writer.Reset(Buffer);
        return _writer;
    }

    /// <summary>Ends the event begun last.</summary>
    public void End()
    {
        _writer.Flush();
        Buffer.Write("\n\n"u8);
    }

    /// <summary>A <c>data:</c> line that is no JSON (<c>[DONE]</c>).</summary>
    public void Raw(ReadOnlySpan<byte> data)
    {
        Buffer.Write("data: "u8);
        Buffer.Write(data);
        Buffer.Write("\n\n"u8);
    }

    public void Dispose() => _writer.Dispose();

    private void WriteAscii(string name)
    {
        var span = Buffer.GetSpan(name.Length);
        for (var i = 0; i < name.Length; i++)
        {
            span[i] = (byte)name[i];
        }

        Buffer.Advance(name.Length);
    }
}
