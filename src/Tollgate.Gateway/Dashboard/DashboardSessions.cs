using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Tollgate.Gateway.Dashboard;

/// <summary>
/// The dashboard's sign-in sessions, held in the gateway's memory: a session is a random token in an HttpOnly,
/// SameSite=Strict cookie, known here only by its SHA-256, and lasts <see cref="Lifetime"/> from sign-in (or until
/// sign-out, or until the gateway restarts). The admin key itself never leaves the sign-in form. A bounded number of
/// sessions is kept; beyond it the oldest goes.
/// </summary>
internal sealed class DashboardSessions
{
    /// <summary>The cookie that carries a session.</summary>
    public const string CookieName = "tollgate_session";

    /// <summary>How long a session lasts from sign-in.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    private const int MaxSessions = 1_000;

    private readonly ConcurrentDictionary<string, DateTimeOffset> _expiries = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    public DashboardSessions(TimeProvider time) => _time = time;

    /// <summary>Opens a session and returns its token, for the cookie.</summary>
    public string Open()
    {
        var now = _time.GetUtcNow();
        if (_expiries.Count >= MaxSessions)
        {
            Prune(now);
        }

        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        _expiries[Hash(token)] = now + Lifetime;
        return token;
    }

    /// <summary>Whether the request carries the cookie of a live session.</summary>
    public bool IsSignedIn(HttpContext http)
    {
        if (!http.Request.Cookies.TryGetValue(CookieName, out var token) || string.IsNullOrEmpty(token) || token.Length > 100)
        {
            return false;
        }

        var hash = Hash(token);
        if (!_expiries.TryGetValue(hash, out var expiry))
        {
            return false;
        }

        if (expiry > _time.GetUtcNow())
        {
            return true;
        }

        _expiries.TryRemove(hash, out _);
        return false;
    }

    /// <summary>Ends the session the request carries, if any.</summary>
    public void Close(HttpContext http)
    {
        if (http.Request.Cookies.TryGetValue(CookieName, out var token) && !string.IsNullOrEmpty(token) && token.Length <= 100)
        {
            _expiries.TryRemove(Hash(token), out _);
        }
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (hash, expiry) in _expiries)
        {
            if (expiry <= now)
            {
                _expiries.TryRemove(hash, out _);
            }
        }

        // Still full of live sessions: the one opened first (the earliest expiry) makes room.
        while (_expiries.Count >= MaxSessions)
        {
            var oldest = _expiries.MinBy(static pair => pair.Value);
            _expiries.TryRemove(oldest.Key, out _);
        }
    }

    private static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
