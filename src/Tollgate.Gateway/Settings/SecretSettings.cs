using Tollgate.Core.Settings;

namespace Tollgate.Gateway.Settings;

/// <summary>
/// Settings whose values are secrets, told by their names: provider and embedder keys (<c>ApiKey</c>), the admin key,
/// the cache's encryption key, webhook secrets, and anything else named a key, secret, password, token or credential,
/// wherever it sits. A webhook's URL is one too: chat services put the credential in the URL itself. <c>GET
/// /admin/config</c> never shows their values, and the admin API never sets them.
/// </summary>
internal static class SecretSettings
{
    private static readonly string[] SecretEndings =
    [
        "Key", "Keys", "Secret", "Secrets", "Password", "Passphrase", "Token", "Credential", "Credentials", "ConnectionString",
    ];

    /// <summary>
    /// Whether the value at <paramref name="path"/> (below the <c>Tollgate</c> section) is a secret: told by the setting's
    /// own name (the last segment, or a list's name for its elements), not by names users choose above it, so a feature
    /// called <c>turnkey</c> keeps its settings readable.
    /// </summary>
    public static bool IsSecret(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var segments = SettingPath.Segments(path);
        var last = segments.Length - 1;
        while (last > 0 && IsIndex(segments[last]))
        {
            last--;
        }

        foreach (var ending in SecretEndings)
        {
            if (segments[last].EndsWith(ending, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        // Alerts:Webhooks:N:Url
        return segments[0].Equals("Alerts", StringComparison.OrdinalIgnoreCase) && segments[last].Equals("Url", StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsIndex(string segment)
    {
        foreach (var c in segment)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return segment.Length > 0;
    }
}
