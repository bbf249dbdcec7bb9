using Tollgate.Core.Settings;

namespace Tollgate.Gateway.Settings;

/// <summary>
/// Which settings the admin API may override: policies (features, rate limits, budgets, tiers, users, output and
/// input limits, chargeback, the cache's policy), read where they are used, so a change applies to the next request.
/// Not the settings fixed at start (listeners, the data directory, body limit), nor providers' addresses, nor
/// anything secret (<see cref="SecretSettings"/>): those belong to whoever deploys the gateway, not to whoever holds
/// its admin key.
/// </summary>
internal static class OverridableSettings
{
    private static readonly string[] Roots = ["Features", "RateLimits", "Budgets", "Tiers", "Users", "Output", "Input", "Chargeback"];

    // The provider calls' policies: fallback chains, retries, attempt timeouts, circuit breakers.
    private static readonly string[] CallPolicies = ["Fallbacks", "Resilience"];

    private static readonly string[] CachePolicies =
    [
        "Cache:Enabled", "Cache:Scope", "Cache:TimeZone", "Cache:Policy", "Cache:TtlSeconds", "Cache:AllowPersonalData",
        "Cache:Semantic:Enabled", "Cache:Semantic:SimilarityThreshold",
    ];

    /// <summary>The settings that may be overridden, for a refusal's message.</summary>
    public static string Described { get; } = string.Join(", ", Roots) + ", " + string.Join(", ", CallPolicies) + " and the cache's policy settings (" + string.Join(", ", CachePolicies) + ")";

    /// <summary>Whether the admin API may set <paramref name="path"/> (below the <c>Tollgate</c> section).</summary>
    public static bool Allows(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var root = SettingPath.Root(path);
        foreach (var allowed in Roots)
        {
            if (root.Equals(allowed, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        foreach (var allowed in CallPolicies)
        {
            if (root.Equals(allowed, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        foreach (var allowed in CachePolicies)
        {
            if (SettingPath.IsAtOrBelow(path, allowed))
            {
                return true;
            }
        }

        return false;
    }
}
