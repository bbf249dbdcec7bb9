using System.Security.Cryptography;
using System.Text;

namespace Tollgate.Core.Caching;

// The semantic part of an entry: its prompt text sealed, bound to the entry's key; its vector kept clear for the index.
public sealed partial class EncryptedCacheStore
{
    /// <inheritdoc />
    /// <remarks>Prompts that do not open under this key (sealed under another one, altered) are left out.</remarks>
    public async IAsyncEnumerable<CacheSemanticRecord> ReadSemanticPartsAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var record in _inner.ReadSemanticPartsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (OpenSemantics(record.EntryKey, record.Semantics) is { } semantics)
            {
                yield return record with { Semantics = semantics };
            }
        }
    }

    /// <summary>
    /// A semantic part with its prompt sealed: base64 of nonce, tag and ciphertext, bound to the entry's key so that it
    /// opens for no other entry.
    /// </summary>
    private static CacheEntrySemantics? SealSemantics(AesGcm aes, CacheKey key, CacheEntrySemantics? semantics)
    {
        if (semantics is null)
        {
            return null;
        }

        var plain = Encoding.UTF8.GetBytes(semantics.Prompt);
        var sealedPrompt = new byte[Overhead + plain.Length];
        RandomNumberGenerator.Fill(sealedPrompt.AsSpan(0, NonceLength));
        aes.Encrypt(sealedPrompt.AsSpan(0, NonceLength), plain, sealedPrompt.AsSpan(Overhead), sealedPrompt.AsSpan(NonceLength, TagLength), PromptAssociatedData(key));
        CryptographicOperations.ZeroMemory(plain);
        return new CacheEntrySemantics { Partition = semantics.Partition, Prompt = Convert.ToBase64String(sealedPrompt), Embedder = semantics.Embedder, Vector = semantics.Vector };
    }

    private CacheEntrySemantics? OpenSemantics(CacheKey key, CacheEntrySemantics semantics)
    {
        using var aes = new AesGcm(_key, TagLength);
        return OpenSemantics(aes, key, semantics);
    }

    /// <summary>The semantic part with its prompt opened, or null when it does not open for <paramref name="key"/>.</summary>
    private static CacheEntrySemantics? OpenSemantics(AesGcm aes, CacheKey key, CacheEntrySemantics semantics)
    {
        var sealedPrompt = new byte[(semantics.Prompt.Length * 3 / 4) + 3];
        if (!Convert.TryFromBase64String(semantics.Prompt, sealedPrompt, out var length) || length < Overhead)
        {
            return null;
        }

        var span = sealedPrompt.AsSpan(0, length);
        var plain = new byte[length - Overhead];
        try
        {
            aes.Decrypt(span[..NonceLength], span[Overhead..], span.Slice(NonceLength, TagLength), plain, PromptAssociatedData(key));
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }

        return new CacheEntrySemantics { Partition = semantics.Partition, Prompt = Encoding.UTF8.GetString(plain), Embedder = semantics.Embedder, Vector = semantics.Vector };
    }

    private static byte[] PromptAssociatedData(CacheKey key)
    {
        var data = new byte["tollgate-cache-prompt/1"u8.Length + CacheKey.Length];
        "tollgate-cache-prompt/1"u8.CopyTo(data);
        key.CopyTo(data.AsSpan("tollgate-cache-prompt/1"u8.Length));
        return data;
    }
}
