using System.Buffers;

namespace Tollgate.Gateway.Caching.Coalescing;

/// <summary>
/// The body of a shared call's answer, kept as it arrives so every participant reads it from the start at its own
/// pace: one writer (the pump reading the provider) appends into pooled segments, any number of readers follow it.
/// It holds the whole answer until <see cref="Release"/>, which its call makes once the answer has ended and no
/// participant can read any more; a slow reader never holds up the provider or the other readers.
/// </summary>
internal sealed class AnswerBuffer
{
    private const int SegmentSize = 16 * 1024;

    private readonly Lock _gate = new();
    private readonly List<byte[]> _segments = [];
    private long _length;
    private bool _ended;
    private Exception? _fault;
    private bool _released;
    private TaskCompletionSource _grown = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// The free space at the end of the buffer for the writer to fill (a new segment when the last is full). Only what
    /// <see cref="Advance"/> then publishes is visible to readers.
    /// </summary>
    public Memory<byte> GetMemory()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_released, this);
            if (_segments.Count * (long)SegmentSize == _length)
            {
                _segments.Add(ArrayPool<byte>.Shared.Rent(SegmentSize));
            }

            var used = (int)(_length - ((_segments.Count - 1) * (long)SegmentSize));
            return _segments[^1].AsMemory(used, SegmentSize - used);
        }
    }

    /// <summary>Publishes <paramref name="count"/> bytes written into the memory <see cref="GetMemory"/> returned, and wakes the readers.</summary>
    public void Advance(int count)
    {
        TaskCompletionSource grown;
        lock (_gate)
        {
            _length += count;
            grown = _grown;
            _grown = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        grown.TrySetResult();
    }

    /// <summary>
    /// Ends the body: whole when <paramref name="fault"/> is null; otherwise broken off, and each reader that reaches the
    /// end meets the same kind of failure the provider's body met (see <see cref="Failure"/>).
    /// </summary>
    public void End(Exception? fault)
    {
        TaskCompletionSource grown;
        lock (_gate)
        {
            _ended = true;
            _fault = fault;
            grown = _grown;
        }

        grown.TrySetResult();
    }

    /// <summary>
    /// Copies bytes from <paramref name="position"/> into <paramref name="destination"/>, waiting for the writer when none
    /// are there yet; 0 at the end of a whole body.
    /// </summary>
    /// <exception cref="IOException">The provider's body broke off.</exception>
    /// <exception cref="OperationCanceledException">The call was cancelled or ran out of time, or <paramref name="cancellationToken"/> was cancelled.</exception>
    public async ValueTask<int> ReadAsync(long position, Memory<byte> destination, CancellationToken cancellationToken)
    {
        if (destination.IsEmpty)
        {
            return 0;
        }

        while (true)
        {
            Task grown;
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_released, this);
                if (position < _length)
                {
                    return CopyFrom(position, destination.Span);
                }

                if (_ended)
                {
                    return _fault is null ? 0 : throw Failure(_fault);
                }

                grown = _grown.Task;
            }

            await grown.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Returns the segments to the pool. Its call makes sure nobody reads or writes any more.</summary>
    public void Release()
    {
        lock (_gate)
        {
            if (_released)
            {
                return;
            }

            _released = true;
            foreach (var segment in _segments)
            {
                ArrayPool<byte>.Shared.Return(segment);
            }

            _segments.Clear();
        }
    }

    private int CopyFrom(long position, Span<byte> destination)
    {
        var copied = 0;
        while (copied < destination.Length && position < _length)
        {
            var segment = _segments[(int)(position / SegmentSize)];
            var offset = (int)(position % SegmentSize);
            var count = (int)Math.Min(Math.Min(SegmentSize - offset, _length - position), destination.Length - copied);
            segment.AsSpan(offset, count).CopyTo(destination[copied..]);
            copied += count;
            position += count;
        }

        return copied;
    }

    /// <summary>
    /// What a reader meets where the provider's body broke off: a new exception of the same kind for each reader (one
    /// instance is never thrown on several threads), so each relay treats it as it treats the provider's own failure:
    /// a cut (<see cref="IOException"/>) or a stall past the deadline (<see cref="OperationCanceledException"/>).
    /// </summary>
    private static Exception Failure(Exception fault) =>
        fault is OperationCanceledException
            ? new OperationCanceledException("The shared provider call was cancelled or did not finish in time.", fault)
            : new IOException("The provider's answer to the shared call broke off.", fault);
}
