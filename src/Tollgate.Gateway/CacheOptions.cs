namespace Tollgate.Gateway;

/// <summary>The response cache.</summary>
public sealed class CacheOptions
{
    /// <summary>
    /// Base64 of a 32-byte key: when set, stored answers are encrypted with AES-256-GCM (fixed at start; a secret,
    /// never logged or shown). Unset, answers are stored as they came.
    /// </summary>
    public string? EncryptionKey { get; set; }
}
