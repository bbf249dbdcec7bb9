using System.Net.Sockets;

namespace Tollgate.EndToEnd.Tests.Support;

/// <summary>
/// HTTP over a Unix domain socket. Such a caller has no IP address at all, so to the gateway it is not a
/// loopback caller: the one non-loopback caller a test can make without sending traffic off this machine.
/// </summary>
internal static class UnixSocketHttp
{
    /// <summary>A client whose every request goes to the socket at <paramref name="socketPath"/>, whatever its URL's host.</summary>
    public static HttpClient Create(string socketPath) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (_, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    })
    {
        BaseAddress = new Uri("http://localhost/"),
        Timeout = TimeSpan.FromSeconds(30),
    };
}
