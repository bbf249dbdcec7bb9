using System.Globalization;
using Tollgate.Gateway.Endpoints;

namespace Tollgate.Gateway.Alerts;

/// <summary>
/// The <c>since</c> of <c>GET /admin/alerts</c> and <c>tollgate alerts list</c>: an ISO-8601 instant
/// (<c>2025-03-01T12:00:00Z</c>; UTC when it names no offset) or an age before now (<c>24h</c>, <c>7d</c>; see <see cref="AgeText"/>).
/// </summary>
internal static class AlertSince
{
    public static readonly string Expected = $"an ISO-8601 instant (2025-03-01T12:00:00Z) or an age, {AgeText.Expected}";

    public static bool TryParse(string text, DateTimeOffset now, out DateTimeOffset since)
    {
        if (AgeText.TryParse(text, out var age))
        {
            since = now - DateTimeOffset.MinValue > age ? now - age : DateTimeOffset.MinValue;
            return true;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out since);
    }
}
