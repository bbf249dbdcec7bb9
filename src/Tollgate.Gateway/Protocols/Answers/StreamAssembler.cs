using Tollgate.Gateway.Relay;

namespace Tollgate.Gateway.Protocols.Answers;

/// <summary>
/// Reads a recorded stream event by event and assembles the whole body the provider would have answered; notes on
/// the way whether the stream reached its final event and whether it carried an error. Events after the final one are
/// not read (nothing a client acts on comes after it).
/// </summary>
internal abstract class StreamAssembler
{
    /// <summary>Why the stream may not be stored, once an event has said so ("error event", …).</summary>
    public string? Fault { get; protected set; }

    /// <summary>Whether the stream's final event has been read.</summary>
    public bool Finished { get; protected set; }

    /// <exception cref="System.Text.Json.JsonException">The event's data is not JSON.</exception>
    public void Add(ReadOnlySpan<byte> sseEvent)
    {
        if (Finished)
        {
            return;
        }

        // Comments (": keep-alive") and events without data carry nothing of the answer.
        var data = SseEvents.Data(sseEvent);
        if (!data.IsEmpty)
        {
            AddEvent(SseEvents.Name(sseEvent), data);
        }
    }

    /// <summary>The whole body, compact JSON.</summary>
    /// <exception cref="FormatException">The events do not make up an answer of this protocol.</exception>
    public abstract byte[] Build();

    protected abstract void AddEvent(ReadOnlySpan<byte> name, ReadOnlySpan<byte> data);
}
