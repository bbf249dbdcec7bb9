using System.Text;

namespace Tollgate.Testing.Clients;

/// <summary>
/// An HTTP handler for an SDK's own client that keeps a copy of every response body byte the SDK reads, and the
/// last response's headers: a test can then check what the SDK parsed against exactly what it was sent.
/// </summary>
public sealed class RecordingHandler : DelegatingHandler
{
    private readonly MemoryStream _body = new();

    public RecordingHandler()
        : base(new SocketsHttpHandler())
    {
    }

    /// <summary>The body bytes read so far, as UTF-8 text.</summary>
    public string Body
    {
        get
        {
            lock (_body)
            {
                return Encoding.UTF8.GetString(_body.GetBuffer(), 0, (int)_body.Length);
            }
        }
    }

    /// <summary>The last response's <c>x-tollgate-request-id</c>.</summary>
    public string? RequestId { get; private set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        RequestId = response.Headers.TryGetValues("x-tollgate-request-id", out var ids) ? ids.FirstOrDefault() : null;
        var original = response.Content;
        var recorded = new StreamContent(new RecordingStream(await original.ReadAsStreamAsync(cancellationToken), _body));
        foreach (var header in original.Headers)
        {
            recorded.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        response.Content = recorded;
        return response;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _body.Dispose();
        }

        base.Dispose(disposing);
    }

    private sealed class RecordingStream(Stream inner, MemoryStream copy) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Keep(buffer.AsSpan(offset, inner.Read(buffer, offset, count)));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken);
            return Keep(buffer.Span[..read]);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        private int Keep(ReadOnlySpan<byte> read)
        {
            lock (copy)
            {
                copy.Write(read);
            }

            return read.Length;
        }
    }
}
