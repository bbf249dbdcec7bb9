using Microsoft.Extensions.Primitives;

namespace Tollgate.Core.Exchange;

/// <summary>
/// An answer kept in memory: a whole body, or a recorded stream of server-sent events, with its content type.
/// What a cache serves, and what a stage written as a test double answers with.
/// </summary>
public sealed class StoredAnswer : ExchangeAnswer
{
    private readonly ReadOnlyMemory<byte> _body;
    private readonly string _contentType;

    /// <summary>Creates an answer from a stored body (owned by the caller; it must outlive the answer).</summary>
    /// <param name="status">HTTP status.</param>
    /// <param name="protocol">Protocol of the body.</param>
    /// <param name="body">The body bytes, or the stream's events framed as on the wire.</param>
    /// <param name="isEventStream">Whether <paramref name="body"/> is a stream of server-sent events.</param>
    public StoredAnswer(int status, WireProtocol protocol, ReadOnlyMemory<byte> body, bool isEventStream)
    {
        Status = status;
        Protocol = protocol;
        _body = body;
        IsEventStream = isEventStream;
        _contentType = isEventStream ? "text/event-stream; charset=utf-8" : "application/json";
    }

    /// <inheritdoc />
    public override int Status { get; }

    /// <inheritdoc />
    public override WireProtocol Protocol { get; }

    /// <inheritdoc />
    public override bool IsEventStream { get; }

    /// <inheritdoc />
    public override long? ContentLength => _body.Length;

    /// <summary>The body, or the stream's events framed as on the wire, as given.</summary>
    public ReadOnlyMemory<byte> Body => _body;

    /// <inheritdoc />
    public override ValueTask<Stream> OpenBodyAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult<Stream>(new ReadOnlyMemoryStream(_body));

    /// <inheritdoc />
    public override void CopyHeadersTo(IDictionary<string, StringValues> target)
    {
        ArgumentNullException.ThrowIfNull(target);
        target["Content-Type"] = _contentType;
        if (IsEventStream)
        {
            target["Cache-Control"] = "no-cache";
        }
    }
}
