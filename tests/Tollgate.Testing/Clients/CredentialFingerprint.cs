using System.Security.Cryptography;
using System.Text;

namespace Tollgate.Testing.Clients;

/// <summary>
/// How the simulator's request log shows a credential it received: <c>sha256:</c> and the first 16 hex digits of
/// the secret's SHA-256. Computed here on its own so a test can name the secret it expects (or forbids) upstream.
/// </summary>
public static class CredentialFingerprint
{
    public static string Of(string secret) =>
        "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)).AsSpan(0, 8));
}
