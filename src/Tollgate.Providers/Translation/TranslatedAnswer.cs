using System.Runtime.InteropServices;
using Microsoft.Extensions.Primitives;
using Tollgate.Core.Exchange;
using Tollgate.Providers.Clients;

namespace Tollgate.Providers.Translation;

/// <summary>
/// A provider's answer in the client's protocol: a stream translated event by event as it is read, a whole answer
/// (or an error, its status kept) translated once it has arrived. The provider's headers (request ids, rate-limit
/// state, <c>retry-after</c>) pass as they are.
/// </summary>
internal sealed class TranslatedAnswer : ExchangeAnswer
{
    private readonly ProviderResponse _response;
    private readonly TranslationRoute _route;
    private readonly bool _includeUsage;
    private PooledBuffer? _whole;
    private int _status;

    public TranslatedAnswer(ProviderResponse response, TranslationRoute route, bool includeUsage)
    {
        _response = response;
        _route = route;
        _includeUsage = includeUsage;
        _status = response.Status;
        Protocol = RequestTranslation.ClientProtocol(route);
        IsEventStream = response.IsSuccess && response.IsEventStream;
    }

    /// <inheritdoc />
    public override int Status => _status;

    /// <inheritdoc />
    public override WireProtocol Protocol { get; }

    /// <inheritdoc />
    public override bool IsEventStream { get; }

    /// <inheritdoc />
    public override async ValueTask<Stream> OpenBodyAsync(CancellationToken cancellationToken)
    {
        var body = await _response.OpenBodyAsync(cancellationToken).ConfigureAwait(false);
        if (IsEventStream)
        {
            return new TranslatingEventStream(body, AnswerTranslation.ForStream(_route, _includeUsage));
        }

        var received = new PooledBuffer(_response.ContentLength is > 0 and < 16 * 1024 * 1024 ? (int)_response.ContentLength.Value : 16 * 1024);
        try
        {
            await using (body.ConfigureAwait(false))
            {
                int read;
                while ((read = await body.ReadAsync(received.GetMemory(8 * 1024), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    received.Advance(read);
                }
            }

            _whole = new PooledBuffer(received.WrittenCount + 512);
            if (!AnswerTranslation.TryTranslate(_route, _status, received.WrittenSpan, _whole))
            {
                _whole.Clear();
                _status = 502;
                AnswerTranslation.WriteError(_route, _status, "The provider's answer could not be translated: it is not the JSON object its protocol answers with.", _whole);
            }

            // Over the pooled array, bounded to what was written; the array goes back to the pool when the answer is disposed.
            MemoryMarshal.TryGetArray(_whole.WrittenMemory, out var segment);
            return new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false);
        }
        finally
        {
            received.Dispose();
        }
    }

    /// <inheritdoc />
    public override void CopyHeadersTo(IDictionary<string, StringValues> target)
    {
        ArgumentNullException.ThrowIfNull(target);
        _response.CopyHeadersTo(target);
        target["Content-Type"] = IsEventStream ? "text/event-stream; charset=utf-8" : "application/json";
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _whole?.Dispose();
            _response.Dispose();
        }

        base.Dispose(disposing);
    }
}
