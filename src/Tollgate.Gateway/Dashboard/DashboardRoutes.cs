using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Gateway.Hosting;

namespace Tollgate.Gateway.Dashboard;

/// <summary>
/// <c>GET /ui</c>: the dashboard, for admins only. <c>/ui/sign-in</c> takes the admin key in a form and opens a session
/// (<see cref="DashboardSessions"/>); <c>/ui/sign-out</c> ends it; a bearer admin key works too. The page reads the
/// admin API with its session cookie (reads only: see <see cref="AdminAccess"/>); its files come from
/// <c>/ui/assets/</c>, under a Content-Security-Policy that allows no script or style but the gateway's own files.
/// </summary>
internal static class DashboardRoutes
{
    private const string SignInPath = "/ui/sign-in";

    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public static void MapDashboard(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/ui", ShowDashboardAsync);
        routes.MapGet(SignInPath, ShowSignInAsync);
        routes.MapPost(SignInPath, SignInAsync);
        routes.MapPost("/ui/sign-out", SignOutAsync);
        routes.MapGet("/ui/assets/{name}", ServeAssetAsync);
    }

    private static Task ShowDashboardAsync(HttpContext http, GatewaySettings settings, DashboardSessions sessions)
    {
        if (!AdminAccess.IsAuthorised(http, settings.AdminKey, sessions))
        {
            if (settings.AdminKey is null)
            {
                return WritePageAsync(http, 403, SignInPage("The dashboard serves loopback callers only until TOLLGATE_ADMIN_KEY is set."));
            }

            SecurityHeaders(http.Response);
            http.Response.Redirect(SignInPath);
            return Task.CompletedTask;
        }

        return WritePageAsync(http, 200, DashboardAssets.Embedded.Get("index.html").Content);
    }

    private static Task ShowSignInAsync(HttpContext http, GatewaySettings settings) =>
        WritePageAsync(http, 200, SignInPage(settings.AdminKey is null ? "No admin key is configured: the dashboard serves loopback callers without signing in." : null));

    private static async Task SignInAsync(HttpContext http, GatewaySettings settings, DashboardSessions sessions)
    {
        if (!SameOrigin(http))
        {
            await WritePageAsync(http, 403, SignInPage("Sign in from the gateway's own page.")).ConfigureAwait(false);
            return;
        }

        if (settings.AdminKey is null)
        {
            await WritePageAsync(http, 400, SignInPage("No admin key is configured: there is nothing to sign in with; loopback callers are served without it.")).ConfigureAwait(false);
            return;
        }

        string presented = string.Empty;
        if (http.Request.HasFormContentType)
        {
            var form = await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
            presented = form["admin_key"].ToString().Trim();
        }

        if (presented.Length == 0 || !AdminAccess.Matches(presented, settings.AdminKey))
        {
            await WritePageAsync(http, 401, SignInPage("Wrong admin key.")).ConfigureAwait(false);
            return;
        }

        http.Response.Cookies.Append(DashboardSessions.CookieName, sessions.Open(), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = http.Request.IsHttps,
            Path = "/",
            MaxAge = DashboardSessions.Lifetime,
        });
        SecurityHeaders(http.Response);
        http.Response.Redirect("/ui");
        http.Response.StatusCode = 303;
    }

    private static Task SignOutAsync(HttpContext http, DashboardSessions sessions)
    {
        if (!SameOrigin(http))
        {
            return WritePageAsync(http, 403, SignInPage("Sign out from the gateway's own page."));
        }

        sessions.Close(http);
        http.Response.Cookies.Delete(DashboardSessions.CookieName, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = http.Request.IsHttps, Path = "/" });
        SecurityHeaders(http.Response);
        http.Response.Redirect(SignInPath);
        http.Response.StatusCode = 303;
        return Task.CompletedTask;
    }

    private static async Task ServeAssetAsync(HttpContext http, string name)
    {
        var asset = DashboardAssets.Embedded.Find(name);
        if (asset is null || name.EndsWith(".html", StringComparison.Ordinal))
        {
            http.Response.StatusCode = 404;
            return;
        }

        SecurityHeaders(http.Response);

        // Revalidated on every use (a new gateway may ship new files), answered 304 while unchanged.
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers.ETag = asset.ETag;
        if (http.Request.Headers.IfNoneMatch.ToString() == asset.ETag)
        {
            http.Response.StatusCode = 304;
            return;
        }

        http.Response.ContentType = asset.ContentType;
        http.Response.ContentLength = asset.Content.Length;
        await http.Response.Body.WriteAsync(asset.Content, http.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>The sign-in page, with <paramref name="message"/> (HTML-encoded) in its message slot.</summary>
    private static byte[] SignInPage(string? message)
    {
        var page = Encoding.UTF8.GetString(DashboardAssets.Embedded.Get("sign-in.html").Content);
        var slot = message is null ? string.Empty : $"<p class=\"message\" data-testid=\"sign-in-message\" role=\"alert\">{WebUtility.HtmlEncode(message)}</p>";
        return Encoding.UTF8.GetBytes(page.Replace("<!--message-->", slot, StringComparison.Ordinal));
    }

    private static async Task WritePageAsync(HttpContext http, int status, byte[] page)
    {
        http.Response.StatusCode = status;
        SecurityHeaders(http.Response);
        http.Response.Headers.CacheControl = "no-store";
        http.Response.ContentType = "text/html; charset=utf-8";
        http.Response.ContentLength = page.Length;
        await http.Response.Body.WriteAsync(page, http.RequestAborted).ConfigureAwait(false);
    }

    private static void SecurityHeaders(HttpResponse response)
    {
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.XFrameOptions = "DENY";
        // same-origin, not no-referrer: under no-referrer a browser sends "Origin: null" with the form posts checked below.
        response.Headers["Referrer-Policy"] = "same-origin";
    }

    /// <summary>A form post from another site is refused: its Origin, when the browser sends one, must be the gateway's own.</summary>
    private static bool SameOrigin(HttpContext http)
    {
        var origin = http.Request.Headers.Origin.ToString();
        return origin.Length == 0 || string.Equals(origin, $"{http.Request.Scheme}://{http.Request.Host}", StringComparison.OrdinalIgnoreCase);
    }
}
