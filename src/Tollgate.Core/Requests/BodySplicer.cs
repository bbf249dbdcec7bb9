namespace Tollgate.Core.Requests;

/// <summary>
/// Builds an edited body from the original in one forward pass: the original is copied lazily, in runs, up to the
/// next place an edit touches, so every byte no edit names reaches the output as it was. Positions in the original
/// only ever move forward; the few edits that can only be decided later (a system prompt whose message's
/// <c>role</c> comes after its <c>content</c>) open a gap at an earlier output position instead.
/// </summary>
internal ref struct BodySplicer
{
    private readonly ReadOnlySpan<byte> _original;
    private byte[] _buffer;
    private int _length;
    private int _cursor;

    public BodySplicer(ReadOnlySpan<byte> original, int capacity)
    {
        _original = original;
        _buffer = new byte[capacity];
    }

    /// <summary>Bytes written so far: the output position of the next byte.</summary>
    public readonly int Written => _length;

    /// <summary>Copies the original up to (not including) <paramref name="position"/>.</summary>
    public void CopyTo(int position)
    {
        if (position > _cursor)
        {
            Write(_original[_cursor..position]);
            _cursor = position;
        }
    }

    /// <summary>Copies the original up to <paramref name="from"/> and leaves out everything up to <paramref name="to"/>.</summary>
    public void Drop(int from, int to)
    {
        CopyTo(from);
        _cursor = to;
    }

    /// <summary>Copies the original up to <paramref name="from"/> and writes <paramref name="value"/> in place of what follows, up to <paramref name="to"/>.</summary>
    public void Replace(int from, int to, ReadOnlySpan<byte> value)
    {
        Drop(from, to);
        Write(value);
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        Reserve(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    public void Write(byte value)
    {
        Reserve(1);
        _buffer[_length++] = value;
    }

    /// <summary>
    /// Replaces <paramref name="remove"/> bytes already written at <paramref name="at"/> with a gap of
    /// <paramref name="insert"/> bytes, returned for the caller to fill; what was written after it moves along.
    /// </summary>
    public Span<byte> OpenGap(int at, int remove, int insert)
    {
        Reserve(insert - remove);
        var tail = _length - at - remove;
        _buffer.AsSpan(at + remove, tail).CopyTo(_buffer.AsSpan(at + insert));
        _length += insert - remove;
        return _buffer.AsSpan(at, insert);
    }

    /// <summary>Copies the rest of the original and hands over the result, which the caller owns.</summary>
    public ReadOnlyMemory<byte> Finish()
    {
        CopyTo(_original.Length);
        return new ReadOnlyMemory<byte>(_buffer, 0, _length);
    }

    private void Reserve(int more)
    {
        if (_length + more > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + more));
        }
    }
}
