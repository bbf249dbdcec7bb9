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

    /// <summary>
    /// The wait the provider asks for before another call: <c>retry-after-ms</c> (OpenAI's), else <c>retry-after</c> in
    /// seconds or as a date (measured from <paramref name="now"/>); null when it names none.
    /// </summary>
    public TimeSpan? RetryAfter(DateTimeOffset now)
    {
        if (_message.Headers.TryGetValues("retry-after-ms", out var values))
        {
            foreach (var value in values)
            {
                if (double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var ms) && ms >= 0 && double.IsFinite(ms))
                {
                    return TimeSpan.FromMilliseconds(Math.Min(ms, int.MaxValue));
                }
            }
        }

        return _message.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta < TimeSpan.Zero ? TimeSpan.Zero : delta,
            { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
            _ => null,
        };
    }

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
