using Microsoft.Extensions.Primitives;

namespace Tollgate.Core.Exchange;

/// <summary>
/// An answer to an exchange, whoever produced it: a provider's live response, a stored answer from a cache, or
/// the fan-out of a coalesced call. The host writes every kind through the same response writer, which reads
/// usage, model and error type on the way and settles the exchange before the answer's last byte.
/// </summary>
public abstract class ExchangeAnswer : IDisposable
{
    /// <summary>HTTP status of the answer.</summary>
    public abstract int Status { get; }

    /// <summary>Wire protocol the body is written in (the protocol of whoever produced it).</summary>
    public abstract WireProtocol Protocol { get; }

    /// <summary>Whether the body is a <c>text/event-stream</c> of server-sent events rather than one document.</summary>
    public abstract bool IsEventStream { get; }

    /// <summary>Length of the body when known in advance.</summary>
    public virtual long? ContentLength => null;

    /// <summary>Opens the body: the bytes to send, framed as the protocol frames them.</summary>
    public abstract ValueTask<Stream> OpenBodyAsync(CancellationToken cancellationToken);

    /// <summary>Copies the answer's own response headers (content type, provider request ids, rate-limit state …).</summary>
    public abstract void CopyHeadersTo(IDictionary<string, StringValues> target);

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases what the answer holds (a provider connection, a pooled buffer).</summary>
    protected virtual void Dispose(bool disposing)
    {
    }
}
