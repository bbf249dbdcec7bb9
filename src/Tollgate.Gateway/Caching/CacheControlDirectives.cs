namespace Tollgate.Gateway.Caching;

/// <summary>
/// What a request's <c>cache-control</c> header asks of the response cache: <c>no-cache</c> (a fresh answer, which may
/// still be stored), <c>no-store</c> (a fresh answer, not stored either) and <c>max-age=N</c> (a stored answer at most N
/// seconds old). Directives are separated by commas and compared without regard to case; one that is malformed or
/// unknown is ignored, as HTTP caches ignore what they do not understand.
/// </summary>
internal readonly record struct CacheControlDirectives(bool NoCache, bool NoStore, long? MaxAgeSeconds)
{
    /// <summary>Reads <paramref name="header"/>; null or empty asks for nothing.</summary>
    public static CacheControlDirectives Parse(string? header)
    {
        if (string.IsNullOrEmpty(header))
        {
            return default;
        }

        bool noCache = false, noStore = false;
        long? maxAge = null;
        var rest = header.AsSpan();
        while (!rest.IsEmpty)
        {
            var comma = rest.IndexOf(',');
            var directive = (comma < 0 ? rest : rest[..comma]).Trim();
            rest = comma < 0 ? default : rest[(comma + 1)..];
            if (directive.Equals("no-cache", StringComparison.OrdinalIgnoreCase))
            {
                noCache = true;
            }
            else if (directive.Equals("no-store", StringComparison.OrdinalIgnoreCase))
            {
                noStore = true;
            }
            else if (directive.StartsWith("max-age", StringComparison.OrdinalIgnoreCase)
                && TryReadSeconds(directive["max-age".Length..], out var seconds))
            {
                // Two ages: the stricter one, so no answer older than either is served.
                maxAge = maxAge is { } earlier ? Math.Min(earlier, seconds) : seconds;
            }
        }

        return new CacheControlDirectives(noCache, noStore, maxAge);
    }

    /// <summary>Reads <c>=N</c> (optionally quoted, as some clients send it): N a whole number of seconds, 0 or more.</summary>
    private static bool TryReadSeconds(ReadOnlySpan<char> text, out long seconds)
    {
        seconds = 0;
        text = text.TrimStart();
        if (text.IsEmpty || text[0] != '=')
        {
            return false;
        }

        text = text[1..].Trim();
        if (text.Length >= 2 && text[0] == '"' && text[^1] == '"')
        {
            text = text[1..^1];
        }

        if (text.IsEmpty || text.ContainsAnyExceptInRange('0', '9'))
        {
            return false;
        }

        if (text.Length > 18)
        {
            // More seconds than a long holds, and more than any entry lives: any stored answer will do.
            seconds = long.MaxValue;
            return true;
        }

        foreach (var c in text)
        {
            seconds = (seconds * 10) + (c - '0');
        }

        return true;
    }
}
