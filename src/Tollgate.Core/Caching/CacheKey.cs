using System.Security.Cryptography;

namespace Tollgate.Core.Caching;

/// <summary>
/// The key of one cache entry: a SHA-256 hash of everything that shapes the answer. Kept as lower-case hex, so keys
/// compare, hash and print cheaply; <see cref="CopyTo"/> gives the 32 raw bytes a store may index on.
/// </summary>
public readonly record struct CacheKey
{
    /// <summary>Length of the hash in bytes.</summary>
    public const int Length = SHA256.HashSizeInBytes;

    private readonly string? _hex;

    private CacheKey(string hex) => _hex = hex;

    /// <summary>The hash as 64 lower-case hex digits.</summary>
    public string Hex => _hex ?? throw new InvalidOperationException("The cache key is the default value, not a hash.");

    /// <summary>A key from the 32 bytes of a SHA-256 hash.</summary>
    /// <exception cref="ArgumentException"><paramref name="hash"/> is not 32 bytes long.</exception>
    public static CacheKey FromHash(ReadOnlySpan<byte> hash)
    {
        if (hash.Length != Length)
        {
            throw new ArgumentException($"A cache key is a {Length}-byte SHA-256 hash; got {hash.Length} bytes.", nameof(hash));
        }

        return new CacheKey(Convert.ToHexStringLower(hash));
    }

    /// <summary>A key from 64 hex digits (either case).</summary>
    /// <exception cref="ArgumentException"><paramref name="hex"/> is not 64 hex digits.</exception>
    public static CacheKey Parse(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        Span<byte> hash = stackalloc byte[Length];
        if (hex.Length != Length * 2 || Convert.FromHexString(hex, hash, out _, out var written) != System.Buffers.OperationStatus.Done || written != Length)
        {
            throw new ArgumentException($"A cache key is {Length * 2} hex digits.", nameof(hex));
        }

        return FromHash(hash);
    }

    /// <summary>The key of <paramref name="content"/>: its SHA-256 hash.</summary>
    public static CacheKey Of(ReadOnlySpan<byte> content) => FromHash(SHA256.HashData(content));

    /// <summary>Writes the 32 hash bytes to <paramref name="destination"/>.</summary>
    public void CopyTo(Span<byte> destination) => Convert.FromHexString(Hex, destination, out _, out _);

    /// <inheritdoc />
    public override string ToString() => _hex ?? string.Empty;
}
