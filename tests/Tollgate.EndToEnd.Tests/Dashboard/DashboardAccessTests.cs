using System.Net;
using Tollgate.EndToEnd.Tests.Support;

namespace Tollgate.EndToEnd.Tests.Dashboard;

/// <summary>
/// The dashboard's session and files over plain HTTP: what a session cookie may do with the admin API (read, never
/// change), sign-out, form posts from elsewhere, the files' content types, cache headers and Content-Security-Policy,
/// and the admin routes the page reads, with their refusals.
/// </summary>
public sealed class DashboardAccessTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    [Fact]
    public async Task A_session_reads_the_admin_api_but_cannot_change_anything_and_ends_at_sign_out()
    {
        using var client = Client();
        using var signIn = await client.PostAsync("ui/sign-in", new FormUrlEncodedContent([new("admin_key", DashboardFixture.AdminKey)]));
        Assert.Equal(HttpStatusCode.SeeOther, signIn.StatusCode);
        Assert.Equal("/ui", signIn.Headers.Location!.OriginalString);
        var setCookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(DashboardFixture.AdminKey, setCookie, StringComparison.Ordinal);
        var cookie = setCookie.Split(';')[0];

        Assert.Equal(HttpStatusCode.OK, await SendAsync(client, HttpMethod.Get, "admin/spend", cookie));
        Assert.Equal(HttpStatusCode.OK, await SendAsync(client, HttpMethod.Get, "ui", cookie));
        Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync(client, HttpMethod.Delete, "admin/cache", cookie));
        Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync(client, HttpMethod.Post, "admin/keys", cookie));

        using var signOut = new HttpRequestMessage(HttpMethod.Post, "ui/sign-out");
        signOut.Headers.Add("Cookie", cookie);
        using (var signedOut = await client.SendAsync(signOut))
        {
            Assert.Equal(HttpStatusCode.SeeOther, signedOut.StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync(client, HttpMethod.Get, "admin/spend", cookie));
        Assert.Equal(HttpStatusCode.Redirect, await SendAsync(client, HttpMethod.Get, "ui", cookie));
    }

    [Fact]
    public async Task A_made_up_session_or_a_sign_in_posted_from_another_site_is_refused()
    {
        using var client = Client();
        Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync(client, HttpMethod.Get, "admin/spend", "tollgate_session=made-up"));

        using var forged = new HttpRequestMessage(HttpMethod.Post, "ui/sign-in") { Content = new FormUrlEncodedContent([new("admin_key", DashboardFixture.AdminKey)]) };
        forged.Headers.Add("Origin", "https://attacker.example");
        using var response = await client.SendAsync(forged);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task The_dashboards_files_are_served_from_the_gateway_with_their_types_and_a_strict_policy()
    {
        using var client = Client();
        using var page = await client.GetAsync("ui/sign-in");
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        var policy = Assert.Single(page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        Assert.Equal("no-store", page.Headers.CacheControl!.ToString());

        foreach (var (name, type) in new[] { ("app.js", "text/javascript"), ("chart.umd.min.js", "text/javascript"), ("app.css", "text/css") })
        {
            using var asset = await client.GetAsync("ui/assets/" + name);
            Assert.Equal((HttpStatusCode.OK, type), (asset.StatusCode, asset.Content.Headers.ContentType!.MediaType));
            using var again = new HttpRequestMessage(HttpMethod.Get, "ui/assets/" + name);
            again.Headers.IfNoneMatch.Add(asset.Headers.ETag!);
            using var unchanged = await client.SendAsync(again);
            Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
        }

        var chart = (await client.GetStringAsync("ui/assets/chart.umd.min.js")).Split('\n', 3);
        Assert.Equal(("/*!", " * Chart.js v4.6.1"), (chart[0], chart[1]));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("ui/assets/index.html")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("ui/assets/nothing.js")).StatusCode);
    }

    [Fact]
    public async Task The_periods_reports_refuse_what_they_cannot_answer_as_the_spend_report_does()
    {
        foreach (var (path, param) in new[]
        {
            ("admin/outliers?limit=0", "limit"), ("admin/outliers?limit=101", "limit"), ("admin/outliers?limit=ten", "limit"),
            ("admin/outliers?since=yesterday", "since"), ("admin/tokens/histogram?until=soon", "until"),
            ("admin/spend/timeline?group_by=lever", "group_by"), ("admin/spend/timeline?group_by=tag:project", "group_by"),
            ("admin/spend/timeline?bucket=week", "bucket"), ("admin/spend/timeline?bucket=hour&since=2026-01-01T00:00:00Z", "bucket"),
            ("admin/spend/timeline?since=2030-01-01T00:00:00Z", "since"),
        })
        {
            using var request = fixture.Gateway.AdminRequest(HttpMethod.Get, path);
            using var response = await fixture.Gateway.Http.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, path);
            var error = Wire.Parse(await response.Content.ReadAsStringAsync()).GetProperty("error");
            Assert.Equal(("invalid_request_error", param), (error.GetProperty("type").GetString(), error.GetProperty("param").GetString()));
        }
    }

    [Fact]
    public async Task The_outliers_are_the_costliest_requests_of_the_last_seven_days_in_the_ledgers_own_names()
    {
        using var request = fixture.Gateway.AdminRequest(HttpMethod.Get, "admin/outliers?limit=2");
        using var response = await fixture.Gateway.Http.SendAsync(request);
        var body = Wire.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(["since", "until", "data"], body.EnumerateObject().Select(p => p.Name));
        Assert.Equal(TimeSpan.FromDays(7), body.GetProperty("until").GetDateTimeOffset() - body.GetProperty("since").GetDateTimeOffset());
        var data = body.GetProperty("data").EnumerateArray().ToArray();
        Assert.Equal(2, data.Length);
        Assert.Equal(
            ["request_id", "created_at", "feature", "model", "user", "team", "input_tokens", "output_tokens", "cost_usd"],
            data[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(("search", "gpt-4o"), (data[0].GetProperty("feature").GetString(), data[0].GetProperty("model").GetString()));
        Assert.True(data[0].GetProperty("cost_usd").GetDecimal() >= data[1].GetProperty("cost_usd").GetDecimal());
        var row = await fixture.Gateway.GetLedgerEntryAsync(data[0].GetProperty("request_id").GetString()!);
        Assert.Equal((row!.CostUsd, row.Timestamp), (data[0].GetProperty("cost_usd").GetDecimal(), data[0].GetProperty("created_at").GetDateTimeOffset()));
    }

    private HttpClient Client() => new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = fixture.Gateway.BaseAddress };

    private static async Task<HttpStatusCode> SendAsync(HttpClient client, HttpMethod method, string path, string cookie)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("Cookie", cookie);
        if (method == HttpMethod.Post)
        {
            request.Content = Wire.Json("""{"name":"made-with-a-cookie"}""");
        }

        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }
}
