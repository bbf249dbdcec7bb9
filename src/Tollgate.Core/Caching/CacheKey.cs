using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Tollgate.Core.Caching;

/// <summary>
/// The exact-cache key of a request: SHA-256 over a format version, the <see cref="CacheKeyContext"/> and the
/// canonical form of the request body (see <see cref="CacheKeyCanonicalForm"/>) without the members that do not
/// shape the answer. A collision would serve one caller's answer to another, so every part is length-prefixed
/// and the canonical form is exact (numbers are compared as decimals, never through a double). Held as four
/// integers, so keys compare and hash without a string; stores keep it as 64 lower-case hex digits (<see cref="Hex"/>).
/// </summary>
public readonly struct CacheKey : IEquatable<CacheKey>
{
    // Bump when the canonical form or the hashed layout changes: old entries then miss instead of being served
    // under a key that now means something else.
    private const int FormatVersion = 1;

    /// <summary>Length of the hash in bytes.</summary>
    public const int Length = SHA256.HashSizeInBytes;

    private readonly ulong _a, _b, _c, _d;

    private CacheKey(ReadOnlySpan<byte> hash)
    {
        _a = BinaryPrimitives.ReadUInt64BigEndian(hash);
        _b = BinaryPrimitives.ReadUInt64BigEndian(hash[8..]);
        _c = BinaryPrimitives.ReadUInt64BigEndian(hash[16..]);
        _d = BinaryPrimitives.ReadUInt64BigEndian(hash[24..]);
    }

    /// <summary>The hash as 64 lower-case hex digits.</summary>
    public string Hex => ToString();

    /// <summary>A key from the 32 bytes of a SHA-256 hash.</summary>
    /// <exception cref="ArgumentException"><paramref name="hash"/> is not 32 bytes long.</exception>
    public static CacheKey FromHash(ReadOnlySpan<byte> hash) =>
        hash.Length == Length
            ? new CacheKey(hash)
            : throw new ArgumentException($"A cache key is a {Length}-byte SHA-256 hash; got {hash.Length} bytes.", nameof(hash));

    /// <summary>A key from 64 hex digits (either case), as a store keeps it.</summary>
    /// <exception cref="ArgumentException"><paramref name="hex"/> is not 64 hex digits.</exception>
    public static CacheKey Parse(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        Span<byte> hash = stackalloc byte[Length];
        if (hex.Length != Length * 2 || Convert.FromHexString(hex, hash, out _, out var written) != System.Buffers.OperationStatus.Done || written != Length)
        {
            throw new ArgumentException($"A cache key is {Length * 2} hex digits.", nameof(hex));
        }

        return new CacheKey(hash);
    }

    /// <summary>The key of arbitrary <paramref name="content"/>: its SHA-256 hash (for stores and their tests).</summary>
    public static CacheKey Of(ReadOnlySpan<byte> content)
    {
        Span<byte> hash = stackalloc byte[Length];
        SHA256.HashData(content, hash);
        return new CacheKey(hash);
    }

    /// <summary>
    /// Computes the key of a request body. Never throws for a bad body: invalid JSON comes back as
    /// <see cref="CacheKeyStatus.InvalidJson"/>, a request that may never be cached as <see cref="CacheKeyStatus.NeverCached"/>.
    /// </summary>
    public static CacheKeyResult Compute(ReadOnlySpan<byte> body, in CacheKeyContext context)
    {
        var form = new CacheKeyCanonicalForm(body.Length + 128);
        try
        {
            WriteContext(form, context);
            var outcome = form.AppendRequestBody(body, context.Operation);
            if (outcome.Status != CacheKeyStatus.Computed)
                return outcome;

            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(form.Written, hash);
            return new CacheKeyResult(CacheKeyStatus.Computed, new CacheKey(hash), null);
        }
        finally
        {
            form.Dispose();
        }
    }

    /// <summary>
    /// The semantic cache's partition of a request: the key of everything in it but <paramref name="message"/>'s value
    /// (the last user message, found by <see cref="LastUserMessage.TryFind"/> in the same body), with the same canonical
    /// form and context as <see cref="Compute"/>, so two requests share a partition exactly when they differ in that
    /// message alone. Never equal to an exact key. Never throws for a bad body.
    /// </summary>
    public static CacheKeyResult ComputePartition(ReadOnlySpan<byte> body, in CacheKeyContext context, in LastUserMessage message)
    {
        var form = new CacheKeyCanonicalForm(body.Length + 128);
        try
        {
            WriteContext(form, context);
            var outcome = form.AppendRequestBodyWithout(body, context.Operation, message.ValueStart);
            if (outcome.Status != CacheKeyStatus.Computed)
                return outcome;

            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(form.Written, hash);
            return new CacheKeyResult(CacheKeyStatus.Computed, new CacheKey(hash), null);
        }
        finally
        {
            form.Dispose();
        }
    }

    private static void WriteContext(CacheKeyCanonicalForm form, in CacheKeyContext context)
    {
        form.AppendTagged('v', FormatVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
        form.AppendTagged('s', context.Scope switch
        {
            CacheKeyScope.Team => "team",
            CacheKeyScope.Key => "key",
            _ => "global",
        });
        // A global entry is shared by everyone, so a scope value must not split it.
        form.AppendTagged('i', context.Scope == CacheKeyScope.Global ? null : context.ScopeValue ?? "");
        form.AppendTagged('p', context.Protocol.ToString());
        form.AppendTagged('o', context.Operation.ToString());
        form.AppendTagged('r', context.PromptVersion);
        form.AppendTagged('f', context.PolicyFingerprint);
    }

    /// <summary>Lower-case hex of the 32 key bytes, the form stores keep.</summary>
    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[Length];
        CopyTo(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    /// <summary>Writes the 32 key bytes into <paramref name="destination"/>.</summary>
    public void CopyTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, _a);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _b);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], _c);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], _d);
    }

    /// <inheritdoc/>
    public bool Equals(CacheKey other) => _a == other._a && _b == other._b && _c == other._c && _d == other._d;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is CacheKey other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => (int)_a;

    /// <summary>Whether two keys are equal.</summary>
    public static bool operator ==(CacheKey left, CacheKey right) => left.Equals(right);

    /// <summary>Whether two keys differ.</summary>
    public static bool operator !=(CacheKey left, CacheKey right) => !left.Equals(right);
}
