using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Tollgate.EndToEnd.Tests.Support;

/// <summary>
/// A client that asks for a stream and hangs up after its first event, as a closed browser tab does. It speaks
/// HTTP/1.1 over a bare socket because <see cref="HttpClient"/> may quietly drain an abandoned response to reuse
/// its connection, which would keep reading the stream.
/// </summary>
internal static partial class ImpatientClient
{
    /// <summary>Posts <paramref name="body"/>, waits for the first event, resets the connection and returns the request id.</summary>
    public static async Task<string> StreamAndHangUpAsync(Uri baseAddress, string path, string body, CancellationToken cancellationToken = default)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, baseAddress.Port, cancellationToken);
        var stream = tcp.GetStream();
        var content = Encoding.UTF8.GetBytes(body);
        var head = Encoding.ASCII.GetBytes(
            $"POST /{path} HTTP/1.1\r\nHost: {baseAddress.Authority}\r\nContent-Type: application/json\r\nContent-Length: {content.Length}\r\n\r\n");
        await stream.WriteAsync(head, cancellationToken);
        await stream.WriteAsync(content, cancellationToken);

        var received = new StringBuilder();
        var buffer = new byte[4096];
        while (!received.ToString().Contains("data:", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, cancellationToken);
            if (read == 0)
            {
                throw new IOException($"The server closed the stream before its first event: {received}");
            }

            received.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }

        // Linger 0: close with a reset, at once, instead of a graceful shutdown.
        tcp.Client.LingerState = new LingerOption(true, 0);
        tcp.Close();
        var requestId = RequestIdHeader().Match(received.ToString());
        return requestId.Success ? requestId.Groups[1].Value : throw new IOException($"No x-tollgate-request-id in: {received}");
    }

    [GeneratedRegex(@"x-tollgate-request-id:\s*(\S+)", RegexOptions.IgnoreCase)]
    private static partial Regex RequestIdHeader();
}
