using System.Text.Json;

namespace Tollgate.Providers.Translation;

/// <summary>
/// A provider's event stream read as the client's: each read takes what the provider has sent, translates every
/// complete event in it, and hands back the translated events; an incomplete event waits for the next read. Nothing
/// is held beyond the event being read, so the stream reaches the client event by event.
/// </summary>
internal sealed class TranslatingEventStream : Stream
{
    private const int ReadSize = 8 * 1024;
    private readonly Stream _upstream;
    private readonly EventTranslator _translator;
    private readonly PooledBuffer _input = new(16 * 1024);
    private readonly PooledBuffer _output = new(16 * 1024);
    private readonly SseOutput _events;
    private int _handedOut;
    private bool _ended;

    public TranslatingEventStream(Stream upstream, EventTranslator translator)
    {
        _upstream = upstream;
        _translator = translator;
        _events = new SseOutput(_output);
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

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            if (_handedOut < _output.WrittenCount)
            {
                var count = Math.Min(buffer.Length, _output.WrittenCount - _handedOut);
                _output.WrittenSpan.Slice(_handedOut, count).CopyTo(buffer.Span);
                _handedOut += count;
                if (_handedOut == _output.WrittenCount)
                {
                    _output.Clear();
                    _handedOut = 0;
                }

                return count;
            }

            if (_ended)
            {
                return 0;
            }

            var read = await _upstream.ReadAsync(_input.GetMemory(ReadSize), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                _ended = true;
            }
            else
            {
                _input.Advance(read);
            }

            TranslateCompleteEvents(final: _ended);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

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
            _upstream.Dispose();
            _events.Dispose();
            _input.Dispose();
            _output.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await _upstream.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private void TranslateCompleteEvents(bool final)
    {
        var position = 0;
        var pending = _input.WrittenSpan;
        try
        {
            while (position < pending.Length)
            {
                var rest = pending[position..];
                var length = SseFrames.EventLength(rest);
                if (length < 0)
                {
                    if (!final)
                    {
                        break;
                    }

                    // The provider's last event without its blank line: still an event.
                    length = rest.Length;
                }

                var sseEvent = rest[..length];
                _translator.Translate(SseFrames.Name(sseEvent), SseFrames.Data(sseEvent), _events);
                position += length;
            }
        }
        catch (JsonException exception)
        {
            // An event that is no JSON cannot be translated: the stream ends there, as a cut stream does.
            throw new IOException("The provider's stream could not be translated: an event is not valid JSON.", exception);
        }
        finally
        {
            _input.Consume(position);
        }
    }
}
