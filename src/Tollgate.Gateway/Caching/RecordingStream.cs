using System.Buffers;

namespace Tollgate.Gateway.Caching;

/// <summary>
/// A tee over a provider's body: whatever the reader (the relay) reads is also copied into a pooled buffer, up to a
/// limit past which the copy is dropped (an answer that large is not stored). Notes whether the body was read to its
/// end, the only way a recording is complete.
/// </summary>
internal sealed class RecordingStream : Stream
{
    private readonly Stream _inner;
    private readonly int _limit;
    private byte[]? _buffer;
    private int _count;

    public RecordingStream(Stream inner, int limit, long? lengthHint)
    {
        _inner = inner;
        _limit = limit;
        _buffer = ArrayPool<byte>.Shared.Rent(lengthHint is > 0 and var hint && hint <= limit ? (int)hint : 16 * 1024);
    }

    /// <summary>Whether the body was read to its end.</summary>
    public bool Ended { get; private set; }

    /// <summary>Whether the body outgrew the limit, so nothing was kept.</summary>
    public bool Overflowed { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>The bytes recorded so far (all of them once <see cref="Ended"/>); empty once the recording overflowed or was released.</summary>
    public ReadOnlySpan<byte> RecordedSoFar => Overflowed || _buffer is null ? default : _buffer.AsSpan(0, _count);

    /// <summary>A copy of the recorded bytes, or null when the recording is not whole (not read to the end, or too large).</summary>
    public byte[]? TakeCopy() => Ended && !Overflowed && _buffer is not null ? _buffer.AsSpan(0, _count).ToArray() : null;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Record(buffer.Span[..read], asked: buffer.Length);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(Span<byte> buffer)
    {
        var read = _inner.Read(buffer);
        Record(buffer[..read], asked: buffer.Length);
        return read;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>Gives the pooled buffer back; the recording is empty afterwards.</summary>
    public void Release()
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await _inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private void Record(ReadOnlySpan<byte> bytes, int asked)
    {
        if (bytes.IsEmpty)
        {
            // Nothing read for a read that asked for something: the end. (A zero-byte read only waits for data.)
            Ended |= asked > 0;
            return;
        }

        if (Overflowed || _buffer is null)
        {
            return;
        }

        if (_count + bytes.Length > _limit)
        {
            Overflowed = true;
            Release();
            return;
        }

        if (_count + bytes.Length > _buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Min(_limit, Math.Max(_buffer.Length * 2, _count + bytes.Length)));
            _buffer.AsSpan(0, _count).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        bytes.CopyTo(_buffer.AsSpan(_count));
        _count += bytes.Length;
    }
}
