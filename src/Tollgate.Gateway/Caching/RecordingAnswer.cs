using Microsoft.Extensions.Primitives;
using Tollgate.Core.Exchange;

namespace Tollgate.Gateway.Caching;

/// <summary>A provider's answer passed on unchanged, its body read through a <see cref="RecordingStream"/>.</summary>
internal sealed class RecordingAnswer : ExchangeAnswer
{
    private readonly ExchangeAnswer _inner;
    private readonly int _limit;

    public RecordingAnswer(ExchangeAnswer inner, int limit)
    {
        _inner = inner;
        _limit = limit;
    }

    /// <summary>The tee over the body, once the body is opened.</summary>
    public RecordingStream? Recording { get; private set; }

    public override int Status => _inner.Status;

    public override WireProtocol Protocol => _inner.Protocol;

    public override bool IsEventStream => _inner.IsEventStream;

    public override long? ContentLength => _inner.ContentLength;

    public override async ValueTask<Stream> OpenBodyAsync(CancellationToken cancellationToken)
    {
        var body = await _inner.OpenBodyAsync(cancellationToken).ConfigureAwait(false);
        Recording = new RecordingStream(body, _limit, _inner.ContentLength);
        return Recording;
    }

    public override void CopyHeadersTo(IDictionary<string, StringValues> target) => _inner.CopyHeadersTo(target);
}
