using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace Tollgate.Gateway.Caching;

/// <summary>
/// A hash of the settings of a feature that shape its answers: every value of its section except the <c>Cache</c> part
/// (which says how answers are kept, not what they are), the <c>RateLimits</c> part (which says how often they may be asked for),
/// <c>DegradeModel</c> and <c>Fallbacks</c> (whose answers are not kept), and <c>PromptCache</c> (provider cache hints change the bill, not the answer). Read by reflection over the options type, so a setting added
/// to a feature later (a routing rule, an output cap, an injected instruction) is in the fingerprint without a change
/// here, and changing it makes the feature's requests miss instead of serving answers made under the old setting.
/// Computed once per configuration, never per request.
/// </summary>
internal static class FeatureFingerprint
{
    /// <summary>The name of the part of a feature's section that does not shape answers.</summary>
    public const string CacheSection = "Cache";

    /// <summary>The name of the part of a feature's section that limits how often it is called, not what it answers.</summary>
    public const string RateLimitsSection = "RateLimits";

    /// <summary>The part of a feature's section that judges what its calls cost, not what they answer.</summary>
    public const string UnitBudgetSection = "UnitBudget";

    /// <summary>The part of a feature's section that says whether its cache hits are charged, not what they answer.</summary>
    public const string ChargebackSection = "Chargeback";

    /// <summary>
    /// The name of the setting that names a model for budget pressure: it shapes no answer the cache keeps, because an
    /// answer a budget degraded is never stored.
    /// </summary>
    public const string DegradeModelSetting = "DegradeModel";

    /// <summary>The part of a feature's section that names models for failures: an answer a fallback served is never stored.</summary>
    public const string FallbacksSection = "Fallbacks";

    /// <summary>
    /// The setting that turns the provider prompt-cache hints off: a hint changes what the provider bills for the
    /// prompt, never what it answers.
    /// </summary>
    public const string PromptCacheSetting = "PromptCache";

    /// <summary>
    /// The fingerprint of <paramref name="feature"/> (32 hex digits), or null when it sets nothing that shapes answers,
    /// so features without such settings share entries with requests that name no feature.
    /// </summary>
    public static string? Of(object? feature)
    {
        if (feature is null)
        {
            return null;
        }

        var text = new StringBuilder();
        foreach (var property in Readable(feature.GetType()))
        {
            if (property.Name is not (CacheSection or RateLimitsSection or UnitBudgetSection or ChargebackSection or DegradeModelSetting or FallbacksSection or PromptCacheSetting))
            {
                Append(text, property.Name, property.GetValue(feature), depth: 0);
            }
        }

        if (text.Length == 0)
        {
            return null;
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()), hash);
        return Convert.ToHexStringLower(hash[..16]);
    }

    private static IEnumerable<PropertyInfo> Readable(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(property => property.GetIndexParameters().Length == 0 && property.GetMethod is { IsPublic: true })
            .OrderBy(property => property.Name, StringComparer.Ordinal);

    /// <summary>Writes <c>path=value</c> lines for every value set below <paramref name="path"/>; unset (null) values write nothing.</summary>
    private static void Append(StringBuilder text, string path, object? value, int depth)
    {
        // Options are trees; the bound keeps a type that refers to itself from recursing without end.
        if (value is null || depth > 16)
        {
            return;
        }

        var type = value.GetType();
        if (type.IsPrimitive || type.IsEnum || value is string or decimal or TimeSpan or DateTime or DateTimeOffset or Guid or Uri)
        {
            text.Append(path).Append('=').Append(Convert.ToString(value, CultureInfo.InvariantCulture)).Append('\n');
            return;
        }

        if (value is IDictionary dictionary)
        {
            var keys = new List<string>();
            foreach (var key in dictionary.Keys)
            {
                keys.Add(Convert.ToString(key, CultureInfo.InvariantCulture) ?? string.Empty);
            }

            keys.Sort(StringComparer.OrdinalIgnoreCase);
            foreach (var key in keys)
            {
                Append(text, path + ":" + key.ToUpperInvariant(), dictionary[key], depth + 1);
            }

            return;
        }

        if (value is IEnumerable list)
        {
            var index = 0;
            foreach (var item in list)
            {
                Append(text, path + ":" + index.ToString(CultureInfo.InvariantCulture), item, depth + 1);
                index++;
            }

            return;
        }

        foreach (var property in Readable(type))
        {
            Append(text, path + ":" + property.Name, property.GetValue(value), depth + 1);
        }
    }
}
