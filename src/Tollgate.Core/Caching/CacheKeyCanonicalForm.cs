using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Tollgate.Core.Exchange;

namespace Tollgate.Core.Caching;

/// <summary>
/// Builds the bytes a <see cref="CacheKey"/> hashes, in a pooled buffer. The body's canonical form is JSON with
/// object members sorted by name (ordinal over UTF-8, equal names kept in their order because the last one wins
/// upstream) at every depth, no whitespace, strings re-escaped one way (only <c>"</c>, <c>\</c> and control
/// characters escaped) and numbers as exact decimals <c>[-]digits[eN]</c> without leading or trailing zeros, so
/// <c>0</c>, <c>0.0</c>, <c>-0</c> and <c>0e0</c> agree while <c>1</c> and <c>1.0000000000000000001</c> do not.
/// </summary>
internal sealed class CacheKeyCanonicalForm : IDisposable
{
    /// <summary>Deeper bodies are reported invalid; the limit keeps the recursion far from the stack's end.</summary>
    internal const int MaxDepth = 256;

    // Top-level members that do not shape the answer. Only the top level: a tool schema may well have a "user".
    private static readonly byte[][] s_excluded =
        ["stream"u8.ToArray(), "stream_options"u8.ToArray(), "user"u8.ToArray(), "metadata"u8.ToArray()];

    private byte[] _buffer;
    private int _length;
    private long _blankAt = -1;

    public CacheKeyCanonicalForm(int capacity) => _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(capacity, 256));

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    /// <summary>Appends a tag and a length-prefixed value (-1 for null), so no two contexts share bytes.</summary>
    public void AppendTagged(char tag, string? value)
    {
        var count = value is null ? 0 : Encoding.UTF8.GetByteCount(value);
        var span = Grow(5 + count);
        span[0] = (byte)tag;
        BinaryPrimitives.WriteInt32BigEndian(span[1..], value is null ? -1 : count);
        if (value is not null)
            Encoding.UTF8.GetBytes(value, span[5..]);
        _length += 5 + count;
    }

    /// <summary>
    /// Appends the body with the value starting at byte <paramref name="blankAt"/> (the last user message) replaced by a
    /// lone zero byte, which no canonical JSON holds (control characters are escaped), under its own tag.
    /// </summary>
    public CacheKeyResult AppendRequestBodyWithout(ReadOnlySpan<byte> body, ExchangeOperation operation, long blankAt)
    {
        _blankAt = blankAt;
        return AppendRequestBody(body, operation, 'q');
    }

    public CacheKeyResult AppendRequestBody(ReadOnlySpan<byte> body, ExchangeOperation operation) => AppendRequestBody(body, operation, 'b');

    private CacheKeyResult AppendRequestBody(ReadOnlySpan<byte> body, ExchangeOperation operation, char tag)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = MaxDepth });
        try
        {
            if (!reader.Read())
                return Invalid("the body is empty");
            if (reader.TokenType != JsonTokenType.StartObject)
                return Invalid("the body is not a JSON object");
            AppendBody(tag);
            if (operation == ExchangeOperation.Responses && ResponsesNeverCached(body) is { } reason)
                return new CacheKeyResult(CacheKeyStatus.NeverCached, default, reason);
            WriteObject(ref reader, topLevel: true);
            if (reader.Read())
                return Invalid("the body has content after its object");
            return new CacheKeyResult(CacheKeyStatus.Computed, default, null);
        }
        catch (JsonException ex)
        {
            return Invalid(ex.Message);
        }
        catch (InvalidOperationException ex)
        {
            // A lone surrogate escape cannot be unescaped to UTF-8.
            return Invalid(ex.Message);
        }
    }

    private void AppendBody(char tag) => Append((byte)tag);

    private static CacheKeyResult Invalid(string reason) => new(CacheKeyStatus.InvalidJson, default, reason);

    /// <summary>
    /// A Responses request naming a conversation or asking for background work depends on state the gateway
    /// cannot see (the conversation's items) or answers later through another call, so it is never cached.
    /// </summary>
    private static string? ResponsesNeverCached(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = MaxDepth });
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("conversation"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.Null)
                    return "a Responses request naming a conversation is never cached";
            }
            else if (reader.ValueTextEquals("background"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.True)
                    return "a background Responses request is never cached";
            }
            else
            {
                reader.Read();
            }
            reader.Skip();
        }
        return null;
    }

    private void WriteValue(ref Utf8JsonReader reader)
    {
        if (reader.TokenStartIndex == _blankAt)
        {
            Append(0);
            reader.Skip();
            return;
        }

        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                WriteObject(ref reader, topLevel: false);
                break;
            case JsonTokenType.StartArray:
                Grow(1)[0] = (byte)'[';
                _length++;
                var first = true;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (!first)
                        Append((byte)',');
                    first = false;
                    WriteValue(ref reader);
                }
                Append((byte)']');
                break;
            case JsonTokenType.String:
                WriteString(ref reader);
                break;
            case JsonTokenType.Number:
                WriteNumber(reader.ValueSpan);
                break;
            case JsonTokenType.True:
                AppendLiteral("true"u8);
                break;
            case JsonTokenType.False:
                AppendLiteral("false"u8);
                break;
            default:
                AppendLiteral("null"u8);
                break;
        }
    }

    private void WriteObject(ref Utf8JsonReader reader, bool topLevel)
    {
        var start = _length;
        var members = ArrayPool<Member>.Shared.Rent(8);
        var count = 0;
        try
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var nameStart = _length;
                WriteString(ref reader);
                var nameLength = _length - nameStart;
                reader.Read();
                if (topLevel && IsExcluded(_buffer.AsSpan(nameStart, nameLength)))
                {
                    _length = nameStart;
                    reader.Skip();
                    continue;
                }
                WriteValue(ref reader);
                if (count == members.Length)
                {
                    var larger = ArrayPool<Member>.Shared.Rent(count * 2);
                    members.AsSpan(0, count).CopyTo(larger);
                    ArrayPool<Member>.Shared.Return(members);
                    members = larger;
                }
                members[count] = new Member(nameStart - start, nameLength, _length - nameStart - nameLength, count);
                count++;
            }

            var written = _length - start;
            var scratch = ArrayPool<byte>.Shared.Rent(Math.Max(written, 1));
            try
            {
                _buffer.AsSpan(start, written).CopyTo(scratch);
                var sorted = members.AsSpan(0, count);
                sorted.Sort(new MemberOrder(scratch));
                _length = start;
                Append((byte)'{');
                for (var i = 0; i < sorted.Length; i++)
                {
                    if (i > 0)
                        Append((byte)',');
                    var m = sorted[i];
                    AppendLiteral(scratch.AsSpan(m.Offset, m.NameLength));
                    Append((byte)':');
                    AppendLiteral(scratch.AsSpan(m.Offset + m.NameLength, m.ValueLength));
                }
                Append((byte)'}');
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(scratch);
            }
        }
        finally
        {
            ArrayPool<Member>.Shared.Return(members);
        }
    }

    private static bool IsExcluded(ReadOnlySpan<byte> quotedName)
    {
        var name = quotedName[1..^1];
        foreach (var excluded in s_excluded)
        {
            if (name.SequenceEqual(excluded))
                return true;
        }
        return false;
    }

    /// <summary>Writes the string (or property name) the reader is on, unescaped and re-escaped one way.</summary>
    private void WriteString(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped)
        {
            WriteEscaped(reader.ValueSpan);
            return;
        }
        var rented = ArrayPool<byte>.Shared.Rent(reader.ValueSpan.Length);
        try
        {
            var length = reader.CopyString(rented);
            WriteEscaped(rented.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private void WriteEscaped(ReadOnlySpan<byte> utf8)
    {
        Append((byte)'"');
        var run = 0;
        for (var i = 0; i < utf8.Length; i++)
        {
            var b = utf8[i];
            if (b >= 0x20 && b != (byte)'"' && b != (byte)'\\')
                continue;
            AppendLiteral(utf8[run..i]);
            var span = Grow(6);
            span[0] = (byte)'\\';
            span[1] = (byte)'u';
            span[2] = (byte)'0';
            span[3] = (byte)'0';
            span[4] = (byte)"0123456789abcdef"[b >> 4];
            span[5] = (byte)"0123456789abcdef"[b & 0xF];
            _length += 6;
            run = i + 1;
        }
        AppendLiteral(utf8[run..]);
        Append((byte)'"');
    }

    private void WriteNumber(ReadOnlySpan<byte> text)
    {
        // The canonical form is never longer than the text plus a sign and an exponent of up to 20 characters.
        _length += CacheKeyCanonicalNumber.Format(text, Grow(text.Length + 24));
    }

    private void Append(byte b)
    {
        Grow(1)[0] = b;
        _length++;
    }

    private void AppendLiteral(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Grow(bytes.Length));
        _length += bytes.Length;
    }

    private Span<byte> Grow(int count)
    {
        if (_buffer.Length - _length < count)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + count));
            _buffer.AsSpan(0, _length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }
        return _buffer.AsSpan(_length);
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    private readonly record struct Member(int Offset, int NameLength, int ValueLength, int Index);

    private readonly struct MemberOrder(byte[] scratch) : IComparer<Member>
    {
        public int Compare(Member x, Member y)
        {
            var byName = scratch.AsSpan(x.Offset, x.NameLength).SequenceCompareTo(scratch.AsSpan(y.Offset, y.NameLength));
            return byName != 0 ? byName : x.Index.CompareTo(y.Index);
        }
    }
}
