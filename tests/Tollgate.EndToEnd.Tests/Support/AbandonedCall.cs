using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Tollgate.EndToEnd.Tests.Support;

/// <summary>
/// A buffered call whose client will leave before the answer, as a client that times out or is killed does. It
/// speaks HTTP/1.1 over a bare socket, so that hanging up is a reset the server sees at once, not a connection
/// an <see cref="HttpClient"/> might keep for reuse.
/// </summary>
internal sealed class AbandonedCall : IDisposable
{
    private readonly TcpClient _tcp;

    private AbandonedCall(TcpClient tcp) => _tcp = tcp;

    /// <summary>Connects and sends the whole request; reads nothing.</summary>
    public static async Task<AbandonedCall> SendAsync(Uri baseAddress, string path, string body)
    {
        var tcp = new TcpClient();
        try
        {
            await tcp.ConnectAsync(IPAddress.Loopback, baseAddress.Port);
            var content = Encoding.UTF8.GetBytes(body);
            var head = Encoding.ASCII.GetBytes(
                $"POST /{path} HTTP/1.1\r\nHost: {baseAddress.Authority}\r\nContent-Type: application/json\r\nContent-Length: {content.Length}\r\n\r\n");
            var stream = tcp.GetStream();
            await stream.WriteAsync(head);
            await stream.WriteAsync(content);
            return new AbandonedCall(tcp);
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }

    /// <summary>Whether the server has sent anything back yet (a buffered answer or an error).</summary>
    public bool HasAnswer => _tcp.Available > 0;

    /// <summary>Closes the connection with a reset, at once, instead of a graceful shutdown.</summary>
    public void HangUp()
    {
        _tcp.Client.LingerState = new LingerOption(true, 0);
        _tcp.Close();
    }

    public void Dispose() => _tcp.Dispose();
}
