using System.Globalization;

namespace Tollgate.Storage.Embedded.Sqlite;

/// <summary>
/// Instants are stored as fixed-width ISO-8601 UTC text with 100 ns precision, so they round-trip exactly,
/// read well in the <c>sqlite3</c> shell and sort as text in time order (which the time indexes rely on).
/// </summary>
internal static class SqliteTimestamp
{
    private const string Pattern = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffff'Z'";

    public static string Format(DateTimeOffset instant) => instant.UtcDateTime.ToString(Pattern, CultureInfo.InvariantCulture);

    public static DateTimeOffset Parse(string text) =>
        new(DateTime.ParseExact(text, Pattern, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), TimeSpan.Zero);
}
