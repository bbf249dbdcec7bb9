namespace Tollgate.Core.Settings;

/// <summary>
/// Paths of settings below the <c>Tollgate</c> section: segments joined by <c>:</c>, as configuration keys are, compared
/// without regard to case.
/// </summary>
public static class SettingPath
{
    /// <summary>The separator of a path's segments.</summary>
    public const char Separator = ':';

    /// <summary>
    /// The path <paramref name="text"/> names, written with <c>/</c> (as in a URL) or <c>:</c> between its segments, or
    /// null when it is empty or has an empty segment.
    /// </summary>
    public static string? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var segments = text.Trim().Trim('/').Split('/', ':');
        foreach (var segment in segments)
        {
            if (segment.Length == 0 || segment.Trim().Length != segment.Length)
            {
                return null;
            }
        }

        return string.Join(Separator, segments);
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="ancestor"/> or lies below it (<c>A:B</c> is below <c>A</c>; <c>AB</c> is not).</summary>
    public static bool IsAtOrBelow(string path, string ancestor)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(ancestor);
        return path.Length == ancestor.Length
            ? path.Equals(ancestor, StringComparison.OrdinalIgnoreCase)
            : path.Length > ancestor.Length && path[ancestor.Length] == Separator && path.StartsWith(ancestor, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The first segment of <paramref name="path"/>.</summary>
    public static string Root(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var end = path.IndexOf(Separator, StringComparison.Ordinal);
        return end < 0 ? path : path[..end];
    }

    /// <summary>The segments of <paramref name="path"/>.</summary>
    public static string[] Segments(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path.Split(Separator);
    }

    /// <summary><paramref name="path"/> with <paramref name="key"/> below it.</summary>
    public static string Combine(string path, string key) => path + Separator + key;
}
