using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.EnvironmentVariables;

namespace Tollgate.Gateway.Hosting;

/// <summary>
/// Refuses settings Tollgate does not read, so a misspelt key (<c>"AdminKye"</c>) or section (<c>"Tolgate"</c>) stops
/// the start instead of leaving a default silently in place. A configuration file is Tollgate's alone: every key in
/// it must be known, and it must have a <c>"Tollgate"</c> section. The environment is shared with everything else on
/// the machine, so only the sections Tollgate owns are checked there (<c>Tollgate__*</c>; <c>Logging__*</c> is .NET's).
/// </summary>
internal static class UnknownSettingsCheck
{
    /// <summary>The section every Tollgate setting lives in.</summary>
    public const string SectionName = GatewayApplication.SectionName;

    /// <summary>
    /// What Tollgate reads: its own section, shaped like <see cref="GatewayOptions"/> (every options type reachable
    /// from it included), .NET's logging section, and the web server's <c>Kestrel</c> section (certificates, endpoints,
    /// protocols; <see cref="GatewayOptions.ServerConfiguration"/>). An options type bound from a section of its own is
    /// added here.
    /// </summary>
    public static SettingsSchema Schema { get; } = SettingsSchema.Section(
        (SectionName, SettingsSchema.For(typeof(GatewayOptions))),
        ("Logging", SettingsSchema.Open),
        ("Kestrel", SettingsSchema.Open));

    /// <summary>Checks every source of <paramref name="configuration"/> against <see cref="Schema"/>.</summary>
    /// <exception cref="GatewayStartupException">A key is unknown, or a file has no Tollgate section; the message names them all.</exception>
    public static void Run(IConfigurationRoot configuration) => Run(configuration, Schema);

    /// <summary>Checks every source of <paramref name="configuration"/> against <paramref name="schema"/>.</summary>
    /// <exception cref="GatewayStartupException">A key is unknown, or a file has no Tollgate section; the message names them all.</exception>
    public static void Run(IConfigurationRoot configuration, SettingsSchema schema)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(schema);
        var problems = new List<string>();
        var unknown = new List<string>();
        foreach (var provider in configuration.Providers)
        {
            var file = (provider as FileConfigurationProvider)?.Source.Path;
            var topKeys = ChildKeys(provider, null);
            if (file is not null && !topKeys.Contains(SectionName, StringComparer.OrdinalIgnoreCase))
            {
                var found = topKeys.Length == 0 ? "nothing" : string.Join(", ", topKeys.Select(key => $"'{key}'"));
                problems.Add($"{file} has no \"{SectionName}\" section, the one Tollgate reads its settings from (it has {found})");
                continue;
            }

            foreach (var key in topKeys)
            {
                if (schema.TryGetKey(key, out var section))
                {
                    Walk(provider, key, section, unknown);
                }
                else if (file is not null)
                {
                    unknown.Add(Describe(provider, key, schema));
                }
            }
        }

        if (unknown.Count != 0)
        {
            problems.Add((unknown.Count == 1 ? "unknown setting " : "unknown settings ") + string.Join(", ", unknown));
        }

        if (problems.Count != 0)
        {
            throw new GatewayStartupException(string.Join("; ", problems) + ". The settings are listed in docs/configuration.md.");
        }
    }

    private static void Walk(IConfigurationProvider provider, string path, SettingsSchema schema, List<string> unknown)
    {
        foreach (var key in ChildKeys(provider, path))
        {
            var child = ConfigurationPath.Combine(path, key);
            if (schema.TryGetKey(key, out var below))
            {
                Walk(provider, child, below, unknown);
            }
            else
            {
                unknown.Add(Describe(provider, child, schema));
            }
        }
    }

    /// <summary>The distinct keys right below <paramref name="path"/> in one source.</summary>
    private static string[] ChildKeys(IConfigurationProvider provider, string? path) =>
        provider.GetChildKeys([], path).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();

    /// <summary>The key as the user wrote it, where, and the known key it is closest to.</summary>
    private static string Describe(IConfigurationProvider provider, string path, SettingsSchema parent)
    {
        var key = ConfigurationPath.GetSectionKey(path);
        var where = provider switch
        {
            FileConfigurationProvider file => $"'{path}' in {file.Source.Path}",
            EnvironmentVariablesConfigurationProvider => $"'{path.Replace(ConfigurationPath.KeyDelimiter, "__", StringComparison.Ordinal)}' in the environment",
            _ => $"'{path}'",
        };
        return where + Suggestion(key, parent.KnownKeys);
    }

    /// <summary>" (did you mean 'X'?)" for the known key closest to <paramref name="written"/> within two edits, else nothing.</summary>
    private static string Suggestion(string written, IEnumerable<string> known)
    {
        string? best = null;
        var bestDistance = 3;
        foreach (var candidate in known)
        {
            var distance = EditDistance(written.ToUpperInvariant(), candidate.ToUpperInvariant());
            if (distance < bestDistance)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }

        return best is null ? string.Empty : $" (did you mean '{best}'?)";
    }

    /// <summary>Levenshtein distance, with a swap of two neighbours counted as one edit ("Kye" → "Key").</summary>
    private static int EditDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
