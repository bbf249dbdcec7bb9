using System.Net;
using System.Net.Http.Headers;

namespace Tollgate.EndToEnd.Tests.Support;

/// <summary>A JSON body sent without <c>Content-Length</c> (chunked), so a server cannot refuse it by its declared size.</summary>
internal sealed class UnknownLengthContent : HttpContent
{
    private readonly byte[] _body;

    public UnknownLengthContent(byte[] body)
    {
        _body = body;
        Headers.ContentType = new MediaTypeHeaderValue("application/json");
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        // Several writes, as a client streaming its body would do.
        for (var offset = 0; offset < _body.Length; offset += 1024)
        {
            await stream.WriteAsync(_body.AsMemory(offset, Math.Min(1024, _body.Length - offset)));
            await stream.FlushAsync();
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
