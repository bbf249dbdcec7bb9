using System.Globalization;
using System.Text.Json;

namespace Tollgate.Core.Settings;

/// <summary>
/// The settings made through the admin API, as one immutable layer over the configuration file. A JSON value set at a
/// path becomes entries (<see cref="SettingOverride"/>): an object merges into what is there leaf by leaf, so its
/// members override the file's one by one and the file's other members stay; an array or a scalar replaces whatever
/// was at its path, and an array hides the file's array as a whole, so its elements never mix with the file's.
/// </summary>
public sealed class SettingOverrides
{
    private readonly Dictionary<string, SettingOverride> _byPath;

    /// <summary>Creates the layer of <paramref name="overrides"/> (a later one of the same path wins).</summary>
    public SettingOverrides(IEnumerable<SettingOverride> overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        _byPath = new Dictionary<string, SettingOverride>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in overrides)
        {
            _byPath[entry.Path] = entry;
        }
    }

    /// <summary>No overrides: the file alone.</summary>
    public static SettingOverrides Empty { get; } = new([]);

    /// <summary>The number of entries.</summary>
    public int Count => _byPath.Count;

    /// <summary>Every entry, by path.</summary>
    public IReadOnlyList<SettingOverride> All => AtAndBelow(null);

    /// <summary>The entry at exactly <paramref name="path"/>, if there is one.</summary>
    public bool TryGet(string path, out SettingOverride entry) => _byPath.TryGetValue(path, out entry!);

    /// <summary>
    /// Whether the file's value at <paramref name="path"/> is out of force: an entry at that path, or one above it that
    /// replaces what is below (an array, a null), takes its place.
    /// </summary>
    public bool Hides(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (_byPath.ContainsKey(path))
        {
            return true;
        }

        for (var end = path.IndexOf(SettingPath.Separator, StringComparison.Ordinal); end > 0; end = path.IndexOf(SettingPath.Separator, end + 1))
        {
            if (_byPath.TryGetValue(path[..end], out var above) && above.ReplacesBelow)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The entries at and below <paramref name="path"/> (all of them for null), by path.</summary>
    public IReadOnlyList<SettingOverride> AtAndBelow(string? path)
    {
        var found = new List<SettingOverride>();
        foreach (var entry in _byPath.Values)
        {
            if (path is null || SettingPath.IsAtOrBelow(entry.Path, path))
            {
                found.Add(entry);
            }
        }

        found.Sort(static (a, b) => StringComparer.OrdinalIgnoreCase.Compare(a.Path, b.Path));
        return found;
    }

    /// <summary>The entries <paramref name="value"/> set at <paramref name="path"/> becomes, before it is merged into a layer.</summary>
    /// <exception cref="ArgumentException">An object member's name is empty or holds a <c>:</c>.</exception>
    public static IReadOnlyList<SettingOverride> Flatten(string path, JsonElement value)
    {
        ArgumentNullException.ThrowIfNull(path);
        var entries = new List<SettingOverride>();
        Flatten(path, value, entries, objectPaths: null);
        return entries;
    }

    /// <summary>The layer with <paramref name="value"/> set at <paramref name="path"/>, merged as the type's summary says.</summary>
    /// <exception cref="ArgumentException">An object member's name is empty or holds a <c>:</c>.</exception>
    public SettingOverrides With(string path, JsonElement value)
    {
        ArgumentNullException.ThrowIfNull(path);
        var entries = new List<SettingOverride>();
        var objectPaths = new List<string>();
        Flatten(path, value, entries, objectPaths);
        var next = new Dictionary<string, SettingOverride>(_byPath, StringComparer.OrdinalIgnoreCase);

        // An object replaces a plain value where it goes, and merges with anything else there; a replacing entry above
        // (an array, a null) stays, so a member set inside an overridden array stays inside it.
        foreach (var objectPath in objectPaths)
        {
            if (next.TryGetValue(objectPath, out var there) && !there.ReplacesBelow)
            {
                next.Remove(objectPath);
            }
        }

        // Every entry of a value is a leaf, an array or a null: each replaces what is at and below its path.
        foreach (var entry in entries)
        {
            RemoveAtAndBelow(next, entry.Path);
        }

        foreach (var entry in entries)
        {
            next[entry.Path] = entry;
        }

        return new SettingOverrides(next.Values);
    }

    /// <summary>The layer without the entries at and below <paramref name="path"/>, and how many those were.</summary>
    public SettingOverrides Without(string path, out int removed)
    {
        ArgumentNullException.ThrowIfNull(path);
        var next = new Dictionary<string, SettingOverride>(_byPath, StringComparer.OrdinalIgnoreCase);
        removed = RemoveAtAndBelow(next, path);
        return removed == 0 ? this : new SettingOverrides(next.Values);
    }

    private static int RemoveAtAndBelow(Dictionary<string, SettingOverride> entries, string path)
    {
        List<string>? doomed = null;
        foreach (var key in entries.Keys)
        {
            if (SettingPath.IsAtOrBelow(key, path))
            {
                (doomed ??= []).Add(key);
            }
        }

        foreach (var key in doomed ?? [])
        {
            entries.Remove(key);
        }

        return doomed?.Count ?? 0;
    }

    private static void Flatten(string path, JsonElement value, List<SettingOverride> entries, List<string>? objectPaths)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                objectPaths?.Add(path);
                foreach (var member in value.EnumerateObject())
                {
                    if (member.Name.Length == 0 || member.Name.Contains(SettingPath.Separator, StringComparison.Ordinal))
                    {
                        throw new ArgumentException($"'{path}' has a member named '{member.Name}'; a setting's name is not empty and holds no ':'.", nameof(value));
                    }

                    Flatten(SettingPath.Combine(path, member.Name), member.Value, entries, objectPaths);
                }

                break;
            case JsonValueKind.Array:
                entries.Add(new SettingOverride(path, null, ReplacesBelow: true));
                var index = 0;
                foreach (var element in value.EnumerateArray())
                {
                    Flatten(SettingPath.Combine(path, index.ToString(CultureInfo.InvariantCulture)), element, entries, objectPaths);
                    index++;
                }

                break;
            case JsonValueKind.String:
                entries.Add(new SettingOverride(path, value.GetString()));
                break;
            case JsonValueKind.True:
                entries.Add(new SettingOverride(path, "true"));
                break;
            case JsonValueKind.False:
                entries.Add(new SettingOverride(path, "false"));
                break;
            case JsonValueKind.Number:
                entries.Add(new SettingOverride(path, value.GetRawText()));
                break;
            default: // null: back to the default, whatever the file says
                entries.Add(new SettingOverride(path, null, ReplacesBelow: true));
                break;
        }
    }
}
