namespace Tollgate.Core.Identity;

/// <summary>
/// The names <see cref="AttributionFields"/> go by wherever people read or type them: the admin API's
/// <c>open_attribution</c>, <c>tollgate keys create --allow-header</c>, and the key store.
/// </summary>
public static class AttributionFieldNames
{
    /// <summary>Every name, in the order they are written.</summary>
    public static IReadOnlyList<string> All { get; } = ["user", "feature", "team"];

    /// <summary>The field called <paramref name="name"/> (case-insensitive), or false when none is.</summary>
    public static bool TryParse(string? name, out AttributionFields field)
    {
        field = name?.Trim().ToLowerInvariant() switch
        {
            "user" => AttributionFields.User,
            "feature" => AttributionFields.Feature,
            "team" => AttributionFields.Team,
            _ => AttributionFields.None,
        };
        return field != AttributionFields.None;
    }

    /// <summary>The fields named in <paramref name="names"/>.</summary>
    /// <exception cref="ArgumentException">A name is not <c>user</c>, <c>feature</c> or <c>team</c>.</exception>
    public static AttributionFields Parse(IEnumerable<string>? names)
    {
        var fields = AttributionFields.None;
        foreach (var name in names ?? [])
        {
            if (!TryParse(name, out var field))
            {
                throw new ArgumentException($"'{name}' is not an attribution field: use {string.Join(", ", All)}.", nameof(names));
            }

            fields |= field;
        }

        return fields;
    }

    /// <summary>The names of <paramref name="fields"/>, in the order of <see cref="All"/>.</summary>
    public static string[] Format(AttributionFields fields)
    {
        var names = new List<string>(3);
        if (fields.HasFlag(AttributionFields.User))
        {
            names.Add("user");
        }

        if (fields.HasFlag(AttributionFields.Feature))
        {
            names.Add("feature");
        }

        if (fields.HasFlag(AttributionFields.Team))
        {
            names.Add("team");
        }

        return [.. names];
    }
}
