namespace Tollgate.Gateway.Endpoints;

/// <summary>
/// An age as <c>DELETE /admin/cache?older_than=</c> takes it: a whole number of seconds (<c>90s</c>, or just <c>90</c>),
/// minutes (<c>30m</c>), hours (<c>12h</c>) or days (<c>7d</c>). No sign, no fraction, no spaces: anything else is
/// refused rather than guessed at, since a purge cannot be undone.
/// </summary>
internal static class AgeText
{
    /// <summary>What the parameter takes, for error messages.</summary>
    public const string Expected = "a whole, non-negative number of seconds (90s or 90), minutes (30m), hours (12h) or days (7d)";

    // More digits than this cannot be a duration TimeSpan holds, whatever the unit.
    private const int MaxDigits = 15;

    /// <summary>Reads <paramref name="text"/>; false when it is not an age as described above, or too long for a <see cref="TimeSpan"/>.</summary>
    public static bool TryParse(string? text, out TimeSpan age)
    {
        age = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var digits = char.IsAsciiDigit(text[^1]) ? text.AsSpan() : text.AsSpan(0, text.Length - 1);
        long unitSeconds = char.IsAsciiDigit(text[^1]) ? 1 : text[^1] switch
        {
            's' => 1,
            'm' => 60,
            'h' => 3_600,
            'd' => 86_400,
            _ => 0,
        };
        if (unitSeconds == 0 || digits.IsEmpty || digits.Length > MaxDigits)
        {
            return false;
        }

        long count = 0;
        foreach (var digit in digits)
        {
            if (!char.IsAsciiDigit(digit))
            {
                return false;
            }

            count = (count * 10) + (digit - '0');
        }

        if (count > (long)TimeSpan.MaxValue.TotalSeconds / unitSeconds)
        {
            return false;
        }

        age = TimeSpan.FromSeconds(count * unitSeconds);
        return true;
    }
}
