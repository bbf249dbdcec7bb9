namespace Tollgate.Core.Caching;

/// <summary>
/// How long a stored answer may be served. Seven days by default; a prompt whose answer depends on when it is
/// asked lives until the end of the current day in the configured time zone or one hour, whichever is sooner;
/// never more than fourteen days. A feature's override replaces the default but not the time-sensitive cap:
/// yesterday's "latest" is wrong whatever the feature says.
/// </summary>
public static class CacheLifetime
{
    /// <summary>The lifetime of an answer to a prompt that does not depend on time.</summary>
    public static readonly TimeSpan Default = TimeSpan.FromDays(7);

    /// <summary>No entry lives longer, whatever a feature asks for.</summary>
    public static readonly TimeSpan Maximum = TimeSpan.FromDays(14);

    /// <summary>The longest a time-sensitive answer lives, even early in the day.</summary>
    public static readonly TimeSpan TimeSensitiveMaximum = TimeSpan.FromHours(1);

    // Words whose answer changes with the clock. Relative days and "now" words name the moment of asking;
    // "latest"/"recent"/"current"/"news" ask for what is newest, which changes as things are published;
    // "weather"/"forecast" change by the hour; "price"/"stock"/"score" are live figures. Left out on purpose:
    // "time", "day", "date", "rate" and "temperature" ("time complexity", "day one", "learning rate", the sampling
    // parameter) would cut the lifetime of far more timeless prompts than they would protect.
    private static readonly string[] s_timeWords =
    [
        "today", "tonight", "tomorrow", "yesterday", "now", "currently", "current", "latest", "recent", "recently",
        "news", "weather", "forecast", "price", "prices", "stock", "stocks", "score", "scores", "upcoming",
        "today's", "tomorrow's", "yesterday's",
    ];

    // "this week", "next month", "last year": a period counted from now.
    private static readonly string[] s_relativeWords = ["this", "next", "last", "past", "coming"];

    private static readonly string[] s_periods =
        ["week", "weekend", "month", "year", "quarter", "morning", "afternoon", "evening", "night", "season"];

    /// <summary>
    /// The lifetime of an answer to <paramref name="prompt"/> stored now. <paramref name="featureOverride"/>, when
    /// set, replaces <see cref="Default"/>; a zero or negative override means the answer is not stored (zero).
    /// </summary>
    public static TimeSpan For(ReadOnlySpan<char> prompt, TimeProvider time, TimeZoneInfo zone, TimeSpan? featureOverride = null)
    {
        var lifetime = featureOverride ?? Default;
        if (lifetime <= TimeSpan.Zero)
            return TimeSpan.Zero;
        if (lifetime > Maximum)
            lifetime = Maximum;
        if (DependsOnTime(prompt))
        {
            var untilEndOfDay = UntilEndOfDay(time.GetUtcNow(), zone);
            var cap = untilEndOfDay < TimeSensitiveMaximum ? untilEndOfDay : TimeSensitiveMaximum;
            if (cap < lifetime)
                lifetime = cap;
        }
        return lifetime;
    }

    /// <summary>Whether the answer to <paramref name="prompt"/> depends on when it is asked.</summary>
    public static bool DependsOnTime(ReadOnlySpan<char> prompt)
    {
        var previousWasRelative = false;
        var i = 0;
        while (i < prompt.Length)
        {
            if (char.IsAsciiDigit(prompt[i]) && (i == 0 || !char.IsAsciiLetterOrDigit(prompt[i - 1])))
            {
                var end = i;
                while (end < prompt.Length && (char.IsAsciiDigit(prompt[end]) || prompt[end] is '-' or '/' or '.'))
                    end++;
                if (IsDate(prompt[i..end].TrimEnd('.')))
                    return true;
                i = end;
                previousWasRelative = false;
                continue;
            }
            if (!char.IsLetter(prompt[i]))
            {
                i++;
                continue;
            }
            var start = i;
            while (i < prompt.Length && (char.IsLetter(prompt[i]) || prompt[i] == '\''))
                i++;
            var word = prompt[start..i];
            if (Contains(s_timeWords, word) || (previousWasRelative && Contains(s_periods, word)))
                return true;
            previousWasRelative = Contains(s_relativeWords, word);
        }
        return false;
    }

    private static bool Contains(string[] words, ReadOnlySpan<char> word)
    {
        foreach (var w in words)
        {
            if (word.Equals(w, StringComparison.OrdinalIgnoreCase))
                return true;
        }
        return false;
    }

    /// <summary>A calendar date: <c>2026-12-02</c>, <c>02/12/2026</c>, <c>2.12.2026</c> (three parts, one a year).</summary>
    private static bool IsDate(ReadOnlySpan<char> s)
    {
        Span<Range> parts = stackalloc Range[4];
        var separator = s.IndexOfAny('-', '/', '.');
        if (separator < 0)
            return false;
        var count = s.Split(parts, s[separator]);
        if (count != 3)
            return false;
        var a = s[parts[0]];
        var b = s[parts[1]];
        var c = s[parts[2]];
        if (a.Length == 0 || b.Length == 0 || c.Length == 0 || b.Length > 2)
            return false;
        return (a.Length == 4 && c.Length <= 2) || (c.Length == 4 && a.Length <= 2);
    }

    private static TimeSpan UntilEndOfDay(DateTimeOffset now, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var midnight = local.Date.AddDays(1);
        // The offset at midnight itself, so a daylight-saving change during the evening is counted.
        var end = new DateTimeOffset(midnight, zone.GetUtcOffset(midnight));
        var remaining = end - now;
        return remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
    }
}
