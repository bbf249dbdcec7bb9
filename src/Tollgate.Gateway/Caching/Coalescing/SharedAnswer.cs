using Microsoft.Extensions.Primitives;
using Tollgate.Core.Exchange;

namespace Tollgate.Gateway.Caching.Coalescing;

/// <summary>
/// A shared call's answer as one participant receives it: the provider's status and headers, and the body read from
/// the call's buffer as it fills, so a streaming participant gets each event as it arrives.
/// </summary>
internal sealed class SharedAnswer : ExchangeAnswer
{
    private readonly AnswerHead _head;
    private readonly AnswerBuffer _body;

    public SharedAnswer(AnswerHead head, AnswerBuffer body)
    {
        _head = head;
        _body = body;
    }

    public override int Status => _head.Status;

    public override WireProtocol Protocol => _head.Protocol;

    public override bool IsEventStream => _head.IsEventStream;

    public override long? ContentLength => _head.ContentLength;

    public override ValueTask<Stream> OpenBodyAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult<Stream>(new AnswerBufferStream(_body));

    public override void CopyHeadersTo(IDictionary<string, StringValues> target)
    {
        ArgumentNullException.ThrowIfNull(target);
        foreach (var (name, value) in _head.Headers)
        {
            target[name] = value;
        }
    }
}
