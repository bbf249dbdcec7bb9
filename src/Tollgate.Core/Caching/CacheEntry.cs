using Tollgate.Core.Exchange;

namespace Tollgate.Core.Caching;

/// <summary>
/// One stored answer and what it was stored under: the answer itself (a whole body, or the server-sent events of a
/// stream, each as framed on the wire), the scope it belongs to, the feature and model it was made for, and its
/// lifetime. The byte buffers are the entry's own once it is stored: callers must not change them afterwards.
/// </summary>
public sealed class CacheEntry
{
    /// <summary>The hash of everything that shaped the answer.</summary>
    public required CacheKey Key { get; init; }

    /// <summary>Whose entry this is (a team, a key, or the global scope); entries never cross scopes.</summary>
    public required string Scope { get; init; }

    /// <summary>The feature the answer was made for; null when the request named none.</summary>
    public string? Feature { get; init; }

    /// <summary>The model that made the answer, as the provider reported it.</summary>
    public required string Model { get; init; }

    /// <summary>Protocol of the answer's body or events.</summary>
    public required WireProtocol Protocol { get; init; }

    /// <summary>HTTP status of the answer.</summary>
    public required int Status { get; init; }

    /// <summary>Content type of the answer as the provider sent it.</summary>
    public required string ContentType { get; init; }

    /// <summary>The whole body; empty for a stream.</summary>
    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>The stream's events in order, each with its framing (<c>event:</c>/<c>data:</c> lines and the blank line); null for a whole body.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>>? Events { get; init; }

    /// <summary>When the answer was stored.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the entry stops being served: from this instant on, no lookup returns it.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>
    /// What the semantic cache indexed the entry by, kept so its index can be rebuilt at start; null for an entry only
    /// the exact cache finds.
    /// </summary>
    public CacheEntrySemantics? Semantics { get; init; }

    /// <summary>Whether the answer is a recorded stream.</summary>
    public bool IsEventStream => Events is not null;

    /// <summary>Bytes of the stored answer: the body, or the events together.</summary>
    public long AnswerBytes
    {
        get
        {
            if (Events is null)
            {
                return Body.Length;
            }

            long bytes = 0;
            foreach (var streamEvent in Events)
            {
                bytes += streamEvent.Length;
            }

            return bytes;
        }
    }

    /// <summary>Whether the entry has expired at <paramref name="now"/>.</summary>
    public bool IsExpiredAt(DateTimeOffset now) => now >= ExpiresAt;

    /// <summary>The answer, ready to be written to a client as it was received.</summary>
    public StoredAnswer ToAnswer()
    {
        if (Events is null)
        {
            return new StoredAnswer(Status, Protocol, Body, isEventStream: false);
        }

        var stream = new byte[AnswerBytes];
        var offset = 0;
        foreach (var streamEvent in Events)
        {
            streamEvent.Span.CopyTo(stream.AsSpan(offset));
            offset += streamEvent.Length;
        }

        return new StoredAnswer(Status, Protocol, stream, isEventStream: true);
    }

    /// <summary>Checks what every store relies on; stores call it before writing.</summary>
    /// <exception cref="ArgumentException">A required text is empty, the key is unset, the entry expires before it was created, or its semantic part is not valid.</exception>
    public void Validate()
    {
        if (Key == default)
        {
            throw new ArgumentException("The entry has no key.", nameof(Key));
        }

        ArgumentException.ThrowIfNullOrEmpty(Scope);
        ArgumentException.ThrowIfNullOrEmpty(Model);
        ArgumentException.ThrowIfNullOrEmpty(ContentType);
        if (ExpiresAt <= CreatedAt)
        {
            throw new ArgumentException("An entry must expire after it was created.", nameof(ExpiresAt));
        }

        if (Events is not null && !Body.IsEmpty)
        {
            throw new ArgumentException("An entry holds a body or a stream's events, not both.", nameof(Body));
        }

        Semantics?.Validate();
    }
}
