using Microsoft.AspNetCore.Http;
using Tollgate.Core.Exchange;
using Tollgate.Gateway.Relay;

namespace Tollgate.Gateway.Endpoints;

/// <summary>An exchange that arrived over HTTP: answers go to its client through the <see cref="ResponseRelay"/>.</summary>
internal sealed class HttpExchange : ExchangeContext
{
    private readonly ResponseRelay _relay;

    public HttpExchange(HttpContext httpContext, ResponseRelay relay, string requestId, WireProtocol protocol, ExchangeOperation operation, string endpoint, DateTimeOffset receivedAt)
        : base(requestId, protocol, operation, endpoint, receivedAt)
    {
        HttpContext = httpContext;
        _relay = relay;
    }

    public HttpContext HttpContext { get; }

    public override bool ResponseStarted => HttpContext.Response.HasStarted;

    protected override ValueTask WriteAnswerAsync(ExchangeAnswer answer, CancellationToken cancellationToken) =>
        new(_relay.WriteAsync(this, answer, cancellationToken));
}
