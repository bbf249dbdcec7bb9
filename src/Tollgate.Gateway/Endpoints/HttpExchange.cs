using Microsoft.AspNetCore.Http;
using Tollgate.Core.Exchange;

namespace Tollgate.Gateway.Endpoints;

/// <summary>An exchange that arrived over HTTP; the terminal stage answers through its <see cref="HttpContext"/>.</summary>
internal sealed class HttpExchange : ExchangeContext
{
    public HttpExchange(HttpContext httpContext, string requestId, WireProtocol protocol, ExchangeOperation operation, DateTimeOffset receivedAt)
        : base(requestId, protocol, operation, httpContext.Request.Path.Value ?? string.Empty, receivedAt)
    {
        HttpContext = httpContext;
    }

    public HttpContext HttpContext { get; }
}
