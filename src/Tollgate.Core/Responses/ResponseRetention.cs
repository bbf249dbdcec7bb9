namespace Tollgate.Core.Responses;

/// <summary>
/// How long ownership records and pending settlements are kept (the <c>Tollgate:Responses:Retention</c> setting).
/// The provider deletes a stored response after a while (OpenAI after 30 days), after which its id reaches nothing,
/// so the record of who owns it can go too and the table does not grow without end.
/// </summary>
public static class ResponseRetention
{
    /// <summary>The default: 30 days, as long as OpenAI keeps a stored response.</summary>
    public static readonly TimeSpan Default = TimeSpan.FromDays(30);

    /// <summary>
    /// The shortest retention accepted: a shorter one would forget a background response (and who owns it) while it
    /// may still be running.
    /// </summary>
    public static readonly TimeSpan Minimum = TimeSpan.FromHours(1);

    /// <summary>The longest retention accepted (10 years): anything longer is "keep forever" by another name.</summary>
    public static readonly TimeSpan Maximum = TimeSpan.FromDays(3650);

    /// <summary>Whether <paramref name="retention"/> lies between <see cref="Minimum"/> and <see cref="Maximum"/>.</summary>
    public static bool IsValid(TimeSpan retention) => retention >= Minimum && retention <= Maximum;

    /// <summary>The instant before which records are purged, <paramref name="retention"/> before <paramref name="now"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The retention is outside <see cref="Minimum"/> … <see cref="Maximum"/>.</exception>
    public static DateTimeOffset Cutoff(DateTimeOffset now, TimeSpan retention)
    {
        if (!IsValid(retention))
        {
            throw new ArgumentOutOfRangeException(nameof(retention), retention, "The retention of stored responses must be between 1 hour and 3650 days.");
        }

        return now - retention;
    }
}
