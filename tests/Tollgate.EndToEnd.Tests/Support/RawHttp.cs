using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Tollgate.EndToEnd.Tests.Support;

/// <summary>
/// HTTP/1.1 over a bare socket, for what HTTP client libraries avoid on purpose: writing a whole large body before
/// reading a byte of the answer (as most simple clients do), sending less body than the <c>Content-Length</c>
/// declares, breaking the chunked framing, or stopping mid-body. Every read gives up after a minute, so a server that
/// never answers fails the test.
/// </summary>
internal static class RawHttp
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Writes the request head and the whole <paramref name="body"/>, and only then reads the answer.</summary>
    public static async Task<RawResponse> PostWholeBodyThenReadAsync(Uri baseAddress, string path, byte[] body, bool chunked = false)
    {
        using var tcp = await ConnectAsync(baseAddress);
        var stream = tcp.GetStream();
        var framing = chunked ? "Transfer-Encoding: chunked" : $"Content-Length: {body.Length}";
        await stream.WriteAsync(Head(baseAddress, path, framing));
        if (chunked)
        {
            for (var offset = 0; offset < body.Length; offset += 64 * 1024)
            {
                var size = Math.Min(64 * 1024, body.Length - offset);
                await stream.WriteAsync(Encoding.ASCII.GetBytes(size.ToString("x", CultureInfo.InvariantCulture) + "\r\n"));
                await stream.WriteAsync(body.AsMemory(offset, size));
                await stream.WriteAsync("\r\n"u8.ToArray());
            }

            await stream.WriteAsync("0\r\n\r\n"u8.ToArray());
        }
        else
        {
            await stream.WriteAsync(body);
        }

        return await ReadResponseAsync(stream);
    }

    /// <summary>
    /// Declares <paramref name="declaredLength"/> bytes, sends only <paramref name="part"/> and nothing more (the body
    /// stalls), and reads the answer.
    /// </summary>
    public static async Task<RawResponse> PostPartOfBodyThenReadAsync(Uri baseAddress, string path, int declaredLength, byte[] part)
    {
        using var tcp = await ConnectAsync(baseAddress);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Head(baseAddress, path, $"Content-Length: {declaredLength}"));
        await stream.WriteAsync(part);
        return await ReadResponseAsync(stream);
    }

    /// <summary>Sends <paramref name="part"/> as a first chunk, then a chunk size that is not hexadecimal, and reads the answer.</summary>
    public static async Task<RawResponse> PostBrokenChunkedBodyThenReadAsync(Uri baseAddress, string path, byte[] part)
    {
        using var tcp = await ConnectAsync(baseAddress);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Head(baseAddress, path, "Transfer-Encoding: chunked"));
        await stream.WriteAsync(Encoding.ASCII.GetBytes(part.Length.ToString("x", CultureInfo.InvariantCulture) + "\r\n"));
        await stream.WriteAsync(part);
        await stream.WriteAsync("\r\nzz\r\n"u8.ToArray());
        return await ReadResponseAsync(stream);
    }

    /// <summary>
    /// Declares <paramref name="declaredLength"/> bytes, sends only <paramref name="part"/>, and hangs up: gracefully
    /// (the body ends early), or with a reset (<paramref name="reset"/>, as a killed process does).
    /// </summary>
    public static async Task PostPartOfBodyThenHangUpAsync(Uri baseAddress, string path, int declaredLength, byte[] part, bool reset)
    {
        using var tcp = await ConnectAsync(baseAddress);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Head(baseAddress, path, $"Content-Length: {declaredLength}"));
        await stream.WriteAsync(part);
        await stream.FlushAsync();
        if (reset)
        {
            // Linger 0: close with a reset, at once.
            tcp.Client.LingerState = new LingerOption(true, 0);
        }

        tcp.Close();
    }

    private static async Task<TcpClient> ConnectAsync(Uri baseAddress)
    {
        var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync(IPAddress.Loopback, baseAddress.Port);
        return tcp;
    }

    private static byte[] Head(Uri baseAddress, string path, string framing) => Encoding.ASCII.GetBytes(
        $"POST /{path.TrimStart('/')} HTTP/1.1\r\nHost: {baseAddress.Authority}\r\nContent-Type: application/json\r\n{framing}\r\n\r\n");

    /// <summary>Reads the status line, the headers and a body of <c>Content-Length</c> bytes (or up to the end of the connection).</summary>
    private static async Task<RawResponse> ReadResponseAsync(NetworkStream stream)
    {
        using var timeout = new CancellationTokenSource(ReadTimeout);
        var received = new List<byte>();
        var buffer = new byte[16 * 1024];
        int headEnd;
        while ((headEnd = IndexOfHeadEnd(received)) < 0)
        {
            var read = await stream.ReadAsync(buffer, timeout.Token);
            if (read == 0)
            {
                throw new IOException($"The connection ended before a whole response head arrived: '{Encoding.ASCII.GetString([.. received])}'");
            }

            received.AddRange(buffer.AsSpan(0, read));
        }

        var lines = Encoding.ASCII.GetString([.. received], 0, headEnd).Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon].Trim().ToLowerInvariant()] = line[(colon + 1)..].Trim();
        }

        var body = received.Skip(headEnd + 4).ToList();
        var length = headers.TryGetValue("content-length", out var declared) ? int.Parse(declared, CultureInfo.InvariantCulture) : int.MaxValue;
        while (body.Count < length)
        {
            var read = await stream.ReadAsync(buffer, timeout.Token);
            if (read == 0)
            {
                break;
            }

            body.AddRange(buffer.AsSpan(0, read));
        }

        return new RawResponse(status, headers, Encoding.UTF8.GetString([.. body]));
    }

    private static int IndexOfHeadEnd(List<byte> received)
    {
        for (var i = 0; i + 3 < received.Count; i++)
        {
            if (received[i] == '\r' && received[i + 1] == '\n' && received[i + 2] == '\r' && received[i + 3] == '\n')
            {
                return i;
            }
        }

        return -1;
    }
}
