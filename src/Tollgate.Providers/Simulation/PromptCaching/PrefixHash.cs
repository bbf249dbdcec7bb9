using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Tollgate.Providers.Simulation.PromptCaching;

/// <summary>
/// A running SHA-256 over a prompt in the order the provider reads it; <see cref="Current"/> names the prefix read so
/// far. Every piece is framed by its kind and length, so two different prompts never feed the same bytes. SHA-256
/// rather than the answers' FNV hash: a collision here would report a prefix as cached that never was.
/// </summary>
internal sealed class PrefixHash : IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    /// <summary>Starts the prefixes of one protocol and model: providers cache per model.</summary>
    public PrefixHash(string protocol, string model)
    {
        Append(PrefixPiece.Protocol, protocol);
        Append(PrefixPiece.Model, model);
    }

    /// <summary>Feeds a piece of raw UTF-8 (a JSON value, a token).</summary>
    public void Append(PrefixPiece kind, ReadOnlySpan<byte> bytes)
    {
        Span<byte> frame = stackalloc byte[5];
        frame[0] = (byte)kind;
        BinaryPrimitives.WriteInt32LittleEndian(frame[1..], bytes.Length);
        _hash.AppendData(frame);
        _hash.AppendData(bytes);
    }

    /// <summary>Feeds a piece of text, as UTF-8.</summary>
    public void Append(PrefixPiece kind, string text)
    {
        var length = Encoding.UTF8.GetMaxByteCount(text.Length);
        var rented = length > 512 ? ArrayPool<byte>.Shared.Rent(length) : null;
        Span<byte> buffer = rented is null ? stackalloc byte[512] : rented;
        try
        {
            Append(kind, buffer[..Encoding.UTF8.GetBytes(text, buffer)]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>The name of the prefix fed so far: the first 128 bits of its SHA-256.</summary>
    public UInt128 Current()
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        _hash.GetCurrentHash(digest);
        return BinaryPrimitives.ReadUInt128LittleEndian(digest);
    }

    public void Dispose() => _hash.Dispose();
}
