using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Tollgate.Core.Caching;

/// <summary>
/// An <see cref="ICacheStore"/> that keeps the answers of another store encrypted: AES-256-GCM with a random 96-bit
/// nonce per entry. The answer is sealed (the body, or a stream's events), and so is the prompt text of an entry's
/// semantic part (bound to the entry's key); what purges and expiry read (scope, feature, model, times) stays readable
/// by the store, and so does a semantic part's vector, which the index is rebuilt from. The entry's cache key, its scope and how its answer is framed
/// (protocol, status, content type, each event's length) are authenticated with it, so an answer moved to another key
/// or scope, re-split into other events, or changed in any byte no longer opens. An entry that does not open (sealed
/// under another encryption key, tampered with) is a miss and is removed.
/// </summary>
/// <remarks>
/// A sealed answer is the nonce and the tag (<see cref="Overhead"/> bytes) followed by the ciphertext, which is as long
/// as the answer: a body is stored as that one buffer, a stream as the nonce and tag for its first event followed by
/// its events' ciphertexts, each as long as the event it seals. Every entry is thus exactly <see cref="Overhead"/>
/// bytes larger in the store under it, which <see cref="MeasureAsync"/> takes off again.
/// </remarks>
public sealed partial class EncryptedCacheStore : ICacheStore
{
    /// <summary>Length of the encryption key: 32 bytes, for AES-256.</summary>
    public const int KeyLength = 32;

    /// <summary>Bytes a sealed answer takes beyond the answer itself: the nonce and the authentication tag.</summary>
    public const int Overhead = NonceLength + TagLength;

    private const int NonceLength = 12;
    private const int TagLength = 16;

    private readonly ICacheStore _inner;
    private readonly byte[] _key;

    /// <summary>Seals the answers stored through <paramref name="inner"/> with <paramref name="key"/>.</summary>
    /// <param name="inner">The store that keeps the sealed entries.</param>
    /// <param name="key">The AES-256 key, <see cref="KeyLength"/> bytes; copied.</param>
    /// <exception cref="ArgumentException"><paramref name="key"/> is not <see cref="KeyLength"/> bytes long.</exception>
    /// <exception cref="PlatformNotSupportedException">This platform has no AES-GCM.</exception>
    public EncryptedCacheStore(ICacheStore inner, ReadOnlySpan<byte> key)
    {
        ArgumentNullException.ThrowIfNull(inner);
        if (key.Length != KeyLength)
        {
            throw new ArgumentException($"The cache encryption key is {KeyLength} bytes (AES-256); got {key.Length}.", nameof(key));
        }

        if (!AesGcm.IsSupported)
        {
            throw new PlatformNotSupportedException("AES-GCM is not available on this platform, so cached answers cannot be encrypted.");
        }

        _inner = inner;
        _key = key.ToArray();
    }

    /// <summary>Reads a key as configured: base64 of exactly <see cref="KeyLength"/> bytes.</summary>
    /// <returns>False when <paramref name="text"/> is not base64 or does not hold <see cref="KeyLength"/> bytes.</returns>
    public static bool TryParseKey(string? text, out byte[] key)
    {
        key = [];
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        // Room for one byte more than a key: a longer value must fail here, not be cut to fit.
        var decoded = new byte[KeyLength + 1];
        if (!Convert.TryFromBase64String(text.Trim(), decoded, out var written) || written != KeyLength)
        {
            CryptographicOperations.ZeroMemory(decoded);
            return false;
        }

        key = decoded[..KeyLength];
        CryptographicOperations.ZeroMemory(decoded);
        return true;
    }

    /// <inheritdoc />
    public async ValueTask<CacheEntry?> GetAsync(CacheKey key, CancellationToken cancellationToken = default)
    {
        var stored = await _inner.GetAsync(key, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return null;
        }

        if (Open(key, stored) is { } entry)
        {
            return entry;
        }

        // Sealed under another key, moved here from another key or scope, or altered: never served, and removed so
        // that the next answer stored under this key takes its place.
        await _inner.RemoveAsync(key, cancellationToken).ConfigureAwait(false);
        return null;
    }

    /// <inheritdoc />
    public ValueTask PutAsync(CacheEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        entry.Validate();
        cancellationToken.ThrowIfCancellationRequested();
        return _inner.PutAsync(Seal(entry), cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<bool> RemoveAsync(CacheKey key, CancellationToken cancellationToken = default) => _inner.RemoveAsync(key, cancellationToken);

    /// <inheritdoc />
    public ValueTask<long> PurgeAsync(CachePurgeFilter filter, CancellationToken cancellationToken = default) => _inner.PurgeAsync(filter, cancellationToken);

    /// <inheritdoc />
    /// <remarks>The answers' own bytes: each entry's <see cref="Overhead"/> is taken off what the store under it holds.</remarks>
    public async ValueTask<CacheStoreSize> MeasureAsync(CancellationToken cancellationToken = default)
    {
        var size = await _inner.MeasureAsync(cancellationToken).ConfigureAwait(false);
        return size with { Bytes = Math.Max(0, size.Bytes - (size.Entries * Overhead)) };
    }

    private CacheEntry Seal(CacheEntry entry)
    {
        var associated = AssociatedData(entry.Key, entry, entry.Events);
        using var aes = new AesGcm(_key, TagLength);
        if (entry.Events is not { } events)
        {
            var body = new byte[Overhead + entry.Body.Length];
            RandomNumberGenerator.Fill(body.AsSpan(0, NonceLength));
            aes.Encrypt(body.AsSpan(0, NonceLength), entry.Body.Span, body.AsSpan(Overhead), body.AsSpan(NonceLength, TagLength), associated);
            return WithAnswer(entry, body, null, SealSemantics(aes, entry.Key, entry.Semantics));
        }

        // GCM seals one contiguous text: the events are sealed together, and the ciphertext cut where they were.
        var length = checked((int)entry.AnswerBytes);
        var plain = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var offset = 0;
            foreach (var streamEvent in events)
            {
                streamEvent.Span.CopyTo(plain.AsSpan(offset));
                offset += streamEvent.Length;
            }

            var header = new byte[Overhead];
            RandomNumberGenerator.Fill(header.AsSpan(0, NonceLength));
            var cipher = new byte[length];
            aes.Encrypt(header.AsSpan(0, NonceLength), plain.AsSpan(0, length), cipher, header.AsSpan(NonceLength), associated);

            var sealedEvents = new ReadOnlyMemory<byte>[events.Count + 1];
            sealedEvents[0] = header;
            offset = 0;
            for (var i = 0; i < events.Count; i++)
            {
                sealedEvents[i + 1] = new ReadOnlyMemory<byte>(cipher, offset, events[i].Length);
                offset += events[i].Length;
            }

            return WithAnswer(entry, ReadOnlyMemory<byte>.Empty, sealedEvents, SealSemantics(aes, entry.Key, entry.Semantics));
        }
        finally
        {
            // The pool hands the array to others: no plaintext answer may stay in it.
            CryptographicOperations.ZeroMemory(plain.AsSpan(0, length));
            ArrayPool<byte>.Shared.Return(plain);
        }
    }

    /// <summary>The entry with its answer opened, or null when it does not open under this key for <paramref name="key"/>.</summary>
    private CacheEntry? Open(CacheKey key, CacheEntry stored)
    {
        using var aes = new AesGcm(_key, TagLength);
        try
        {
            CacheEntrySemantics? semantics = null;
            if (stored.Semantics is { } sealedSemantics && (semantics = OpenSemantics(aes, key, sealedSemantics)) is null)
            {
                return null;
            }

            if (stored.Events is not { } sealedEvents)
            {
                var body = stored.Body.Span;
                if (body.Length < Overhead)
                {
                    return null;
                }

                var plain = new byte[body.Length - Overhead];
                aes.Decrypt(body[..NonceLength], body[Overhead..], body.Slice(NonceLength, TagLength), plain, AssociatedData(key, stored, null));
                return WithAnswer(stored, plain, null, semantics);
            }

            if (sealedEvents.Count == 0 || sealedEvents[0].Length != Overhead)
            {
                return null;
            }

            var events = new ReadOnlyMemory<byte>[sealedEvents.Count - 1];
            var length = 0;
            for (var i = 0; i < events.Length; i++)
            {
                length = checked(length + sealedEvents[i + 1].Length);
            }

            var cipher = new byte[length];
            var offset = 0;
            for (var i = 0; i < events.Length; i++)
            {
                sealedEvents[i + 1].Span.CopyTo(cipher.AsSpan(offset));
                offset += sealedEvents[i + 1].Length;
            }

            // The opened events are slices of one buffer: one allocation for the whole answer.
            var header = sealedEvents[0].Span;
            var opened = new byte[length];
            aes.Decrypt(header[..NonceLength], cipher, header[NonceLength..], opened, AssociatedData(key, stored, sealedEvents, skipFirst: true));
            offset = 0;
            for (var i = 0; i < events.Length; i++)
            {
                events[i] = new ReadOnlyMemory<byte>(opened, offset, sealedEvents[i + 1].Length);
                offset += events[i].Length;
            }

            return WithAnswer(stored, ReadOnlyMemory<byte>.Empty, events, semantics);
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }

    /// <summary>
    /// What a sealed answer is bound to: a version label, the cache key, the scope, and how the answer is framed
    /// (protocol, status, content type, whether it is a stream, and each event's length). Each part is
    /// length-prefixed, so no two different sets of parts give the same bytes.
    /// </summary>
    private static byte[] AssociatedData(CacheKey key, CacheEntry entry, IReadOnlyList<ReadOnlyMemory<byte>>? events, bool skipFirst = false)
    {
        var writer = new ArrayBufferWriter<byte>(256);
        writer.Write("tollgate-cache-answer/1"u8);
        key.CopyTo(writer.GetSpan(CacheKey.Length));
        writer.Advance(CacheKey.Length);
        WriteText(writer, entry.Scope);
        WriteText(writer, entry.Protocol.ToString());
        WriteInt(writer, entry.Status);
        WriteText(writer, entry.ContentType);
        if (events is null)
        {
            WriteInt(writer, -1);
        }
        else
        {
            var first = skipFirst ? 1 : 0;
            WriteInt(writer, events.Count - first);
            for (var i = first; i < events.Count; i++)
            {
                WriteInt(writer, events[i].Length);
            }
        }

        return writer.WrittenSpan.ToArray();
    }

    private static void WriteText(ArrayBufferWriter<byte> writer, string text)
    {
        var length = Encoding.UTF8.GetByteCount(text);
        WriteInt(writer, length);
        Encoding.UTF8.GetBytes(text, writer.GetSpan(length));
        writer.Advance(length);
    }

    private static void WriteInt(ArrayBufferWriter<byte> writer, int value)
    {
        BinaryPrimitives.WriteInt32BigEndian(writer.GetSpan(sizeof(int)), value);
        writer.Advance(sizeof(int));
    }

    /// <summary>A copy of <paramref name="entry"/> with another answer and semantic part; every other property as it was.</summary>
    private static CacheEntry WithAnswer(CacheEntry entry, ReadOnlyMemory<byte> body, IReadOnlyList<ReadOnlyMemory<byte>>? events, CacheEntrySemantics? semantics) => new()
    {
        Semantics = semantics,
        Key = entry.Key,
        Scope = entry.Scope,
        Feature = entry.Feature,
        Model = entry.Model,
        Protocol = entry.Protocol,
        Status = entry.Status,
        ContentType = entry.ContentType,
        Body = body,
        Events = events,
        CreatedAt = entry.CreatedAt,
        ExpiresAt = entry.ExpiresAt,
    };
}
