using Tollgate.Core.Alerts;
using Tollgate.Gateway.Alerts;
using Tollgate.Gateway.Hosting;
using Tollgate.Storage.Embedded;
using Tollgate.Testing;
using Tollgate.Testing.Servers;

namespace Tollgate.Gateway.Tests.Alerts;

/// <summary>
/// <c>GET /admin/alerts</c> and its filters, the checks of <c>Tollgate:Alerts</c>, and what becomes of deliveries across
/// a stop and a start.
/// </summary>
public sealed class AlertAdminTests
{
    private const string Secret = "whsec-admin-tests-91d2";

    [Fact]
    public async Task Alerts_are_listed_newest_first_and_filtered_by_kind_since_and_limit()
    {
        await using var gateway = await AlertingGateway.StartAsync(_ => { });
        var now = DateTimeOffset.UtcNow;
        var old = Alert.Create(AlertKinds.Test, AlertSeverity.Info, "Old.", now.AddDays(-3));
        var threshold = Alert.Create(AlertKinds.BudgetThreshold, AlertSeverity.Warning, "Threshold.", now.AddHours(-1));
        var recent = Alert.Create(AlertKinds.Test, AlertSeverity.Info, "Recent.", now.AddMinutes(-1));
        foreach (var alert in new[] { old, threshold, recent })
        {
            gateway.Publisher.Publish(alert);
        }

        await gateway.WaitForAlertAsync(recent.Id);

        Assert.Equal([recent.Id, threshold.Id, old.Id], Ids(await gateway.GetAlertsAsync()));
        Assert.Equal([threshold.Id], Ids(await gateway.GetAlertsAsync("?kind=budget_threshold")));
        Assert.Equal([recent.Id, threshold.Id], Ids(await gateway.GetAlertsAsync("?since=1d")));
        Assert.Equal([recent.Id], Ids(await gateway.GetAlertsAsync("?since=" + Uri.EscapeDataString(now.AddMinutes(-30).ToString("O")))));
        Assert.Equal([recent.Id], Ids(await gateway.GetAlertsAsync("?limit=1")));
    }

    [Theory]
    [InlineData("?since=yesterday", "since")]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=1001", "limit")]
    [InlineData("?limit=ten", "limit")]
    [InlineData("?kind=", "kind")]
    [InlineData("?kind=a&kind=b", "kind")]
    [InlineData("?severity=critical", "severity")]
    public async Task A_parameter_it_cannot_use_is_refused_with_400_naming_it(string query, string parameter)
    {
        await using var gateway = await AlertingGateway.StartAsync(_ => { });

        var (status, body) = await gateway.GetAlertsTextAsync(query);

        Assert.Equal(400, status);
        Assert.Contains($"\"param\":\"{parameter}\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_alert_routes_need_the_admin_key()
    {
        await using var gateway = await AlertingGateway.StartAsync(_ => { });
        using var anonymous = new HttpClient { BaseAddress = gateway.Http.BaseAddress };

        using var list = await anonymous.GetAsync("admin/alerts");
        using var test = await anonymous.PostAsync("admin/alerts/test", null);

        Assert.Equal((401, 401), ((int)list.StatusCode, (int)test.StatusCode));
        Assert.Empty(await gateway.GetAlertsAsync());
    }

    [Theory]
    [InlineData("/relative/path", "s3cret-value", "Alerts:Webhooks:0:Url must be an absolute http(s) URL.")]
    [InlineData("ftp://example.com/hook", "s3cret-value", "Alerts:Webhooks:0:Url must be an absolute http(s) URL.")]
    [InlineData("https://example.com/hook", " ", "Alerts:Webhooks:0:Secret is required")]
    public async Task A_webhook_without_an_http_url_or_a_secret_stops_the_start(string url, string secret, string expected)
    {
        using var data = new TemporaryDirectory();

        var exception = await Assert.ThrowsAsync<GatewayStartupException>(() => AlertingGateway.StartAsync(
            alerts => alerts.Webhooks.Add(new AlertWebhookOptions { Url = url, Secret = secret }), data.Path));

        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-value", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_webhooks_going_by_one_name_stop_the_start()
    {
        using var data = new TemporaryDirectory();

        var exception = await Assert.ThrowsAsync<GatewayStartupException>(() => AlertingGateway.StartAsync(
            alerts =>
            {
                alerts.Webhooks.Add(new AlertWebhookOptions { Url = "https://hooks.example.com/a", Secret = Secret });
                alerts.Webhooks.Add(new AlertWebhookOptions { Url = "https://hooks.example.com/b", Secret = Secret });
            },
            data.Path));

        Assert.Contains("Alerts:Webhooks:0 and 1 are both named 'hooks.example.com'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_delivery_a_stop_interrupted_stays_pending_and_is_made_at_the_next_start()
    {
        using var data = new TemporaryDirectory();
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer(0); // the first request is never answered
        var alert = Alert.Create(AlertKinds.Test, AlertSeverity.Info, "Interrupted.", DateTimeOffset.UtcNow);
        await using (var first = await AlertingGateway.StartAsync(alerts => alerts.Webhooks.Add(AlertingGateway.Webhook(receiver, Secret, "ops")), data.Path, shutdownTimeoutSeconds: 0.5))
        {
            first.Publisher.Publish(alert);
            await receiver.WaitForAsync(1);
            await first.Application.StopAsync();
        }

        using (var stored = EmbeddedStorage.OpenAlerts(data.Path))
        {
            var delivery = Assert.Single((await stored.Alerts.GetAsync(alert.Id))!.Deliveries);
            Assert.Equal((AlertDeliveryState.Pending, 1), (delivery.State, delivery.Attempts));
        }

        await using var second = await AlertingGateway.StartAsync(alerts => alerts.Webhooks.Add(AlertingGateway.Webhook(receiver, Secret, "ops")), data.Path);

        var resumed = await second.WaitForDeliveryAsync(alert.Id, "ops");
        Assert.Equal(("delivered", 2), (resumed.GetProperty("state").GetString(), resumed.GetProperty("attempts").GetInt32()));
        var requests = await receiver.WaitForAsync(2);
        Assert.All(requests, request => Assert.Equal(alert.Id, request.Header("x-tollgate-alert-id")));
        Assert.True(WebhookReceiver.HasValidSignature(requests[1], Secret));
    }

    [Fact]
    public async Task A_pending_delivery_to_a_webhook_no_longer_configured_ends_failed_at_the_start()
    {
        using var data = new TemporaryDirectory();
        var alert = Alert.Create(AlertKinds.Test, AlertSeverity.Info, "Orphaned.", DateTimeOffset.UtcNow);
        await using (var storage = EmbeddedStorage.Open(data.Path))
        {
            await storage.Alerts.AppendAsync(alert, ["removed"]);
        }

        await using var gateway = await AlertingGateway.StartAsync(_ => { }, data.Path);

        var delivery = await gateway.WaitForDeliveryAsync(alert.Id, "removed");
        Assert.Equal(("failed", "webhook no longer configured"), (delivery.GetProperty("state").GetString(), delivery.GetProperty("last_error").GetString()));
    }

    private static string[] Ids(System.Text.Json.JsonElement[] alerts) => alerts.Select(alert => alert.GetProperty("id").GetString()!).ToArray();
}
