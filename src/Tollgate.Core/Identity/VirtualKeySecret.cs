using System.Security.Cryptography;
using System.Text;

namespace Tollgate.Core.Identity;

/// <summary>
/// Makes and hashes virtual key secrets. Secrets carry 192 random bits, so a plain SHA-256 is a safe
/// stored form (no salt or slow hash is needed against brute force of a random secret).
/// </summary>
public static class VirtualKeySecret
{
    /// <summary>Every virtual key starts with this.</summary>
    public const string Prefix = "tg-";

    /// <summary>Returns a new random secret, <c>tg-</c> followed by 32 URL-safe characters.</summary>
    public static string Generate()
    {
        Span<byte> bytes = stackalloc byte[24];
        RandomNumberGenerator.Fill(bytes);
        return Prefix + Convert.ToBase64String(bytes).Replace('+', '-').Replace('/', '_');
    }

    /// <summary>Lower-case hex SHA-256 of the secret.</summary>
    public static string Hash(string secret)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(secret), hash);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>The part of a secret safe to display: its first 7 characters.</summary>
    public static string DisplayPrefix(string secret) => secret.Length <= 7 ? secret : secret[..7];

    /// <summary>Whether a string looks like a Tollgate key (as opposed to a provider key).</summary>
    public static bool LooksLikeVirtualKey(string value) => value.StartsWith(Prefix, StringComparison.Ordinal);
}
