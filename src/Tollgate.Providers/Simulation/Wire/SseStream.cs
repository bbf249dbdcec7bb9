using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Tollgate.Providers.Simulation.Wire;

/// <summary>
/// Writes server-sent events into the response pipe, one JSON document per event, and flushes each
/// event so the client sees it at once.
/// </summary>
internal sealed class SseStream : IDisposable
{
    private readonly PipeWriter _pipe;
    private readonly Utf8JsonWriter _json;

    public SseStream(HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        _pipe = response.BodyWriter;
        _json = JsonWire.CreateWriter(_pipe);
    }

    /// <summary>Starts an event (with an <c>event:</c> line when a name is given) and returns the writer for its data.</summary>
    public Utf8JsonWriter Begin(ReadOnlySpan<byte> eventName = default)
    {
        if (!eventName.IsEmpty)
        {
            _pipe.Write("event: "u8);
            _pipe.Write(eventName);
            _pipe.Write("\n"u8);
        }

        _pipe.Write("data: "u8);
        _json.Reset(_pipe);
        return _json;
    }

    /// <summary>Ends the event begun by <see cref="Begin"/> and sends it.</summary>
    public ValueTask<FlushResult> EndAsync(CancellationToken cancellationToken)
    {
        _json.Flush();
        _pipe.Write("\n\n"u8);
        return _pipe.FlushAsync(cancellationToken);
    }

    /// <summary>Sends a pre-formed event (such as <c>data: [DONE]</c>) verbatim.</summary>
    public ValueTask<FlushResult> WriteRawAsync(ReadOnlySpan<byte> framedEvent, CancellationToken cancellationToken)
    {
        _pipe.Write(framedEvent);
        return _pipe.FlushAsync(cancellationToken);
    }

    public void Dispose() => _json.Dispose();
}
