using System.Buffers;
using Microsoft.Extensions.Primitives;
using Tollgate.Core.Exchange;

namespace Tollgate.Gateway.Outputs;

/// <summary>
/// A whole answer read before any of it is written, so the call stage can judge its output and ask again instead of
/// returning it. At most a limit of bytes is held (in a pooled buffer): an answer larger than that is passed on as it
/// is, the held part first and the rest as it arrives, and never judged. Status and headers stay the answer's own.
/// </summary>
internal sealed class HeldAnswer : ExchangeAnswer
{
    private const int InitialBufferSize = 16 * 1024;
    private readonly ExchangeAnswer _inner;
    private byte[]? _buffer;
    private int _count;
    private Stream? _body;

    private HeldAnswer(ExchangeAnswer inner) => _inner = inner;

    /// <summary>Whether the whole answer is held (it was not larger than the limit).</summary>
    public bool IsWhole { get; private set; }

    /// <summary>The bytes held: the whole answer when <see cref="IsWhole"/>, else its first part.</summary>
    public ReadOnlySpan<byte> Bytes => _buffer.AsSpan(0, _count);

    public override int Status => _inner.Status;

    public override WireProtocol Protocol => _inner.Protocol;

    public override bool IsEventStream => _inner.IsEventStream;

    public override long? ContentLength => IsWhole ? _count : _inner.ContentLength;

    /// <summary>Reads <paramref name="inner"/>'s body until its end or past <paramref name="limit"/> bytes, whichever comes first.</summary>
    /// <param name="inner">The answer; the caller still owns it, and it must outlive the held answer.</param>
    /// <param name="limit">The most bytes held.</param>
    /// <param name="cancellationToken">Stops the reading.</param>
    public static async ValueTask<HeldAnswer> ReadAsync(ExchangeAnswer inner, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inner);
        var held = new HeldAnswer(inner);
        try
        {
            var known = inner.ContentLength;
            held._buffer = ArrayPool<byte>.Shared.Rent(known is > 0 && known < limit ? (int)known.Value + 1 : InitialBufferSize);
            held._body = await inner.OpenBodyAsync(cancellationToken).ConfigureAwait(false);
            while (true)
            {
                if (held._count > limit)
                {
                    return held; // too large to judge: passed on, held part first
                }

                if (held._count == held._buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(held._buffer.Length * 2, limit + 1));
                    held._buffer.AsSpan(0, held._count).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(held._buffer);
                    held._buffer = larger;
                }

                var read = await held._body.ReadAsync(held._buffer.AsMemory(held._count), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                held._count += read;
            }

            held.IsWhole = true;
            await held._body.DisposeAsync().ConfigureAwait(false);
            held._body = null;
            return held;
        }
        catch
        {
            held.Dispose();
            throw;
        }
    }

    public override ValueTask<Stream> OpenBodyAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_buffer is null, this);
        var rest = _body;
        _body = null; // the stream now owns the rest of the body
        return ValueTask.FromResult<Stream>(new HeldBodyStream(_buffer.AsMemory(0, _count), rest));
    }

    public override void CopyHeadersTo(IDictionary<string, StringValues> target) => _inner.CopyHeadersTo(target);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _body?.Dispose();
            _body = null;
            if (_buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = null;
            }
        }

        base.Dispose(disposing);
    }
}
