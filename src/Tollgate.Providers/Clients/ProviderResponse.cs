using Microsoft.Extensions.Primitives;
using Tollgate.Core.Exchange;

namespace Tollgate.Providers.Clients;

/// <summary>A provider's live response, as an answer the gateway relays: status, headers and the body as it arrives.</summary>
public sealed class ProviderResponse : ExchangeAnswer
{
    private readonly HttpRequestMessage _request;
    private readonly HttpResponseMessage _message;

    internal ProviderResponse(HttpRequestMessage request, HttpResponseMessage message, WireProtocol protocol)
    {
        _request = request;
        _message = message;
        Protocol = protocol;
        Status = (int)message.StatusCode;
        IsEventStream = message.Content.Headers.ContentType?.MediaType is { } media && media.Equals("text/event-stream", StringComparison.OrdinalIgnoreCase);
    }

    /// <inheritdoc />
    public override int Status { get; }

    /// <inheritdoc />
    public override WireProtocol Protocol { get; }

    /// <inheritdoc />
    public override bool IsEventStream { get; }

    /// <summary>Whether the provider answered with a success status.</summary>
    public bool IsSuccess => Status is >= 200 and < 300;

    /// <inheritdoc />
    public override long? ContentLength => _message.Content.Headers.ContentLength;

    /// <inheritdoc />
    public override async ValueTask<Stream> OpenBodyAsync(CancellationToken cancellationToken) =>
        await _message.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public override void CopyHeadersTo(IDictionary<string, StringValues> target) => ProviderHeaders.CopyToResponse(_message, target);

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _message.Dispose();
            _request.Dispose();
        }

        base.Dispose(disposing);
    }
}
