namespace Tollgate.Gateway.Outputs;

/// <summary>The body of a <see cref="HeldAnswer"/>: the bytes held in memory, then the rest of the body, if any, as it arrives.</summary>
internal sealed class HeldBodyStream : Stream
{
    private readonly ReadOnlyMemory<byte> _held;
    private Stream? _rest;
    private int _position;

    public HeldBodyStream(ReadOnlyMemory<byte> held, Stream? rest)
    {
        _held = held;
        _rest = rest;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_position < _held.Length)
        {
            return FromHeld(buffer);
        }

        return _rest?.Read(buffer) ?? 0;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_position < _held.Length)
        {
            return ValueTask.FromResult(FromHeld(buffer.Span));
        }

        return _rest?.ReadAsync(buffer, cancellationToken) ?? ValueTask.FromResult(0);
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
            _rest?.Dispose();
            _rest = null;
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (_rest is { } rest)
        {
            _rest = null;
            await rest.DisposeAsync().ConfigureAwait(false);
        }

        await base.DisposeAsync().ConfigureAwait(false);
    }

    private int FromHeld(Span<byte> buffer)
    {
        var count = Math.Min(buffer.Length, _held.Length - _position);
        _held.Span.Slice(_position, count).CopyTo(buffer);
        _position += count;
        return count;
    }
}
