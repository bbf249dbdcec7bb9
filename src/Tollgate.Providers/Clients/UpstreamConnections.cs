using System.Net;

namespace Tollgate.Providers.Clients;

/// <summary>
/// The pooled, kept-alive HTTP connections to every provider. One <see cref="SocketsHttpHandler"/> serves
/// all calls: connections are reused across requests and recycled every few minutes so DNS changes are seen.
/// Redirects, cookies and automatic decompression are off: the gateway relays the provider's bytes.
/// </summary>
public sealed class UpstreamConnections : IDisposable
{
    /// <summary>Creates the connection pool.</summary>
    public UpstreamConnections()
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            EnableMultipleHttp2Connections = true,
            MaxConnectionsPerServer = int.MaxValue,
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            KeepAlivePingDelay = TimeSpan.FromSeconds(30),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(15),
        };
        Invoker = new HttpMessageInvoker(handler, disposeHandler: true);
    }

    /// <summary>The invoker every provider client sends through.</summary>
    public HttpMessageInvoker Invoker { get; }

    /// <inheritdoc />
    public void Dispose() => Invoker.Dispose();
}
