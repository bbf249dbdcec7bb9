using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using Tollgate.EndToEnd.Tests.Support;

namespace Tollgate.EndToEnd.Tests.Dashboard;

/// <summary>
/// <c>GET /ui</c> in real headless Chromium (Playwright driving the system's browser) against a gateway with real
/// traffic: sign-in, the numbers on the page against <c>/admin/spend</c>, a change of period, and a screenshot left in
/// <see cref="Chromium.ArtifactsDirectory"/>.
/// </summary>
public sealed class DashboardBrowserTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    [ChromiumFact]
    public async Task An_admin_signs_in_and_reads_the_same_numbers_as_the_spend_report_for_any_period()
    {
        await using var browser = await OpenAsync();
        var page = browser.Page;
        await page.GotoAsync(Url("ui"));
        await page.FillAsync("[data-testid=admin-key]", DashboardFixture.AdminKey);
        await page.ClickAsync("[data-testid=sign-in]");
        await page.WaitForURLAsync(Url("ui"));
        await LoadedAsync(page, 1);

        // The session cookie: HttpOnly, SameSite=Strict, not the admin key, for the whole gateway (the admin API reads it).
        var cookie = Assert.Single(await browser.Context.CookiesAsync(), c => c.Name == "tollgate_session");
        Assert.Equal((true, SameSiteAttribute.Strict, false, "/"), (cookie.HttpOnly, cookie.SameSite, cookie.Secure, cookie.Path));
        Assert.DoesNotContain(DashboardFixture.AdminKey, cookie.Value, StringComparison.Ordinal);

        var (since, until) = await PeriodAsync(page);
        var report = await AdminAsync($"admin/spend?group_by=feature&since={Escape(since)}&until={Escape(until)}");
        var totals = report.GetProperty("totals");
        Assert.Equal(5L, totals.GetProperty("requests").GetInt64());
        await AssertTotalsAsync(page, totals);

        foreach (var row in report.GetProperty("rows").EnumerateArray())
        {
            var selector = $"[data-testid=spend-row][data-group='{row.GetProperty("group").GetString()}'] td";
            Assert.Equal(row.GetProperty("requests").GetInt64().ToString(CultureInfo.InvariantCulture), await page.Locator(selector).Nth(1).GetAttributeAsync("data-value"));
            AssertMoney(row.GetProperty("cost_usd"), await page.Locator(selector).Nth(2).GetAttributeAsync("data-value"));
        }

        // The exact cache's hit among the levers, the models, the budget with its state, the costliest requests in order.
        Assert.Equal("1", await page.Locator("[data-testid=lever-row][data-lever=exact] td").Nth(2).GetAttributeAsync("data-value"));
        Assert.Equal(3, await page.Locator("[data-testid=model-row]").CountAsync());
        Assert.Equal("ok", await page.Locator($"[data-testid=budget-row][data-budget={DashboardFixture.BudgetId}] [data-testid=budget-state]").TextContentAsync());
        var outliers = await AdminAsync($"admin/outliers?limit=10&since={Escape(since)}&until={Escape(until)}");
        Assert.Equal(
            outliers.GetProperty("data").EnumerateArray().Select(o => o.GetProperty("request_id").GetString()),
            await page.Locator("[data-testid=outlier-row]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.requestId)"));
        Assert.Equal("5", await page.GetAttributeAsync("[data-testid=tokens-chart]", "data-requests"));

        Directory.CreateDirectory(Chromium.ArtifactsDirectory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Chromium.ArtifactsDirectory, "dashboard.png"), FullPage = true });

        // A period before any traffic: the page, refreshed without reloading, shows what the report shows for it.
        var earlier = DateTimeOffset.UtcNow.AddDays(-2);
        await page.SelectOptionAsync("[data-testid=range]", "custom");
        await LoadedAsync(page, 2);
        await page.FillAsync("[data-testid=range-from]", earlier.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture));
        await page.FillAsync("[data-testid=range-to]", earlier.AddHours(1).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture));
        await page.ClickAsync("[data-testid=apply-range]");
        await LoadedAsync(page, 3);
        (since, until) = await PeriodAsync(page);
        Assert.Equal(earlier.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture), since[..16]);
        var empty = await AdminAsync($"admin/spend?group_by=feature&since={Escape(since)}&until={Escape(until)}");
        Assert.Equal(0L, empty.GetProperty("totals").GetProperty("requests").GetInt64());
        await AssertTotalsAsync(page, empty.GetProperty("totals"));
        Assert.Equal(0, await page.Locator("[data-testid=spend-row]").CountAsync());

        // The refresh button reads again: back to the last hour, everything is there.
        await page.SelectOptionAsync("[data-testid=range]", "1h");
        await LoadedAsync(page, 4);
        await page.ClickAsync("[data-testid=refresh]");
        await LoadedAsync(page, 5);
        Assert.Equal("5", await page.GetAttributeAsync("[data-testid=total-requests]", "data-value"));
        Assert.False(await page.IsVisibleAsync("[data-testid=error]"));
    }

    [ChromiumFact]
    public async Task Without_a_session_the_dashboard_asks_to_sign_in_and_a_wrong_key_is_refused()
    {
        await using var browser = await OpenAsync();
        var page = browser.Page;

        var response = await page.GotoAsync(Url("ui"));
        Assert.Equal(Url("ui/sign-in"), page.Url);
        Assert.Equal(200, response!.Status);
        Assert.True(await page.IsVisibleAsync("[data-testid=sign-in-form]"));

        await page.FillAsync("[data-testid=admin-key]", "not-the-admin-key");
        var refused = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("[data-testid=sign-in]"), r => r.Url == Url("ui/sign-in"));
        Assert.Equal(401, refused.Status);
        Assert.Equal("Wrong admin key.", await page.TextContentAsync("[data-testid=sign-in-message]"));
        Assert.Empty(await browser.Context.CookiesAsync());

        // Still refused when asked for again, and the admin API with it.
        await page.GotoAsync(Url("ui"));
        Assert.Equal(Url("ui/sign-in"), page.Url);
        var api = await page.APIRequest.GetAsync(Url("admin/spend"));
        Assert.Equal(401, api.Status);
    }

    private static async Task AssertTotalsAsync(IPage page, JsonElement totals)
    {
        Assert.Equal(totals.GetProperty("requests").GetInt64().ToString(CultureInfo.InvariantCulture), await page.GetAttributeAsync("[data-testid=total-requests]", "data-value"));
        AssertMoney(totals.GetProperty("cost_usd"), await page.GetAttributeAsync("[data-testid=total-cost]", "data-value"));
        AssertMoney(totals.GetProperty("baseline_cost_usd"), await page.GetAttributeAsync("[data-testid=total-baseline]", "data-value"));
        AssertMoney(totals.GetProperty("saved_usd"), await page.GetAttributeAsync("[data-testid=total-saved]", "data-value"));
        var requests = totals.GetProperty("requests").GetInt64();
        var hitRate = await page.GetAttributeAsync("[data-testid=cache-hit-rate]", "data-value");
        if (requests == 0)
        {
            Assert.Equal(string.Empty, hitRate);
        }
        else
        {
            Assert.Equal((double)totals.GetProperty("hits").GetInt64() / requests, double.Parse(hitRate!, CultureInfo.InvariantCulture), 12);
        }

        AssertMoney(totals.GetProperty("cost_per_usable_output_usd"), await page.GetAttributeAsync("[data-testid=cost-per-usable-output]", "data-value"));
        var shown = await page.TextContentAsync("[data-testid=total-cost]");
        Assert.StartsWith(totals.GetProperty("cost_usd").ValueKind == JsonValueKind.Null ? "unknown" : "$", shown);
    }

    /// <summary>The page keeps the number the API sent (a JavaScript double) beside what it shows.</summary>
    private static void AssertMoney(JsonElement expected, string? shown)
    {
        if (expected.ValueKind == JsonValueKind.Null)
        {
            Assert.Equal(string.Empty, shown);
            return;
        }

        Assert.Equal((double)expected.GetDecimal(), double.Parse(shown!, CultureInfo.InvariantCulture), 15);
    }

    private static Task LoadedAsync(IPage page, int loads) =>
        page.WaitForFunctionAsync($"() => Number(document.body.dataset.loads || 0) >= {loads}");

    private static async Task<(string Since, string Until)> PeriodAsync(IPage page) =>
        ((await page.GetAttributeAsync("[data-testid=period]", "data-since"))!, (await page.GetAttributeAsync("[data-testid=period]", "data-until"))!);

    private static string Escape(string value) => Uri.EscapeDataString(value);

    private string Url(string path) => new Uri(fixture.Gateway.BaseAddress, path).ToString();

    private async Task<JsonElement> AdminAsync(string path)
    {
        using var request = fixture.Gateway.AdminRequest(HttpMethod.Get, path);
        using var response = await fixture.Gateway.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return Wire.Parse(body);
    }

    private static async Task<BrowserSession> OpenAsync()
    {
        Assert.True(Chromium.Available, $"No chromium at {Chromium.ExecutablePath} (TOLLGATE_REQUIRE_CHROMIUM=1): ./test.sh installs it with apt-get install chromium.");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium.ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox"], // the suite may run as root, where chromium's sandbox refuses to start
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { TimezoneId = "UTC", Locale = "en-GB", ViewportSize = new ViewportSize { Width = 1440, Height = 1000 } });
        return new BrowserSession(playwright, browser, context, await context.NewPageAsync());
    }

    private sealed record BrowserSession(IPlaywright Playwright, IBrowser Browser, IBrowserContext Context, IPage Page) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Context.DisposeAsync();
            await Browser.DisposeAsync();
            Playwright.Dispose();
        }
    }
}
