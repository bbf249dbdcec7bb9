using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Tollgate.Gateway.Dashboard;

/// <summary>
/// Who may use the admin API and the dashboard: a caller presenting <c>Authorization: Bearer $TOLLGATE_ADMIN_KEY</c>
/// (compared in constant time); for reads only (GET and HEAD), a caller signed in to the dashboard, whose SameSite=Strict
/// cookie no other site can make a browser send, and which changes nothing; and, while no admin key is configured,
/// loopback callers alone.
/// </summary>
internal static class AdminAccess
{
    /// <summary>Whether <paramref name="http"/> may be served an admin route or the dashboard.</summary>
    public static bool IsAuthorised(HttpContext http, string? adminKey, DashboardSessions? sessions)
    {
        if (adminKey is null)
        {
            return http.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address);
        }

        var header = http.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Matches(header[7..].Trim(), adminKey);
        }

        return sessions is not null && (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)) && sessions.IsSignedIn(http);
    }

    /// <summary>Whether <paramref name="presented"/> is the admin key, compared in constant time.</summary>
    public static bool Matches(string presented, string adminKey) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(adminKey));
}
