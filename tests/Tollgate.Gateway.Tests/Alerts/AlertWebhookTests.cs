using System.Text.Json;
using Tollgate.Core.Alerts;
using Tollgate.Testing.Servers;

namespace Tollgate.Gateway.Tests.Alerts;

/// <summary>
/// Alerts from the publisher to the receivers, over a real gateway and real HTTP receivers: each webhook gets the alert
/// signed with its secret, failures are retried and end recorded, and neither a secret nor a webhook's URL ever shows
/// in <c>/admin/alerts</c> or the log.
/// </summary>
public sealed class AlertWebhookTests
{
    private const string Secret = "whsec-alert-tests-3f9a";
    private const string OtherSecret = "whsec-other-receiver-77c1";

    private static readonly DateTimeOffset PeriodStart = new(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_test_alert_reaches_the_webhook_signed_with_its_secret_and_named_by_its_id()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var gateway = await AlertingGateway.StartAsync(alerts => alerts.Webhooks.Add(AlertingGateway.Webhook(receiver, Secret, "ops")));

        using var raised = await gateway.Http.PostAsync("admin/alerts/test", null);
        Assert.Equal(202, (int)raised.StatusCode);
        var alertId = JsonDocument.Parse(await raised.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;

        var request = Assert.Single(await receiver.WaitForAsync(1));
        Assert.Equal("POST", request.Method);
        Assert.StartsWith("application/json", request.Header("content-type"), StringComparison.Ordinal);
        Assert.True(WebhookReceiver.HasValidSignature(request, Secret), "the signature must be the HMAC-SHA256 of '<timestamp>.<body>' with the secret");
        Assert.False(WebhookReceiver.HasValidSignature(request, OtherSecret));
        Assert.InRange(long.Parse(request.Header("x-tollgate-timestamp")!, System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds());
        Assert.Equal(alertId, request.Header("x-tollgate-alert-id"));
        var body = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal((alertId, "test", "info"), (body.GetProperty("id").GetString(), body.GetProperty("kind").GetString(), body.GetProperty("severity").GetString()));
        Assert.False(body.TryGetProperty("deliveries", out _));

        var delivery = await gateway.WaitForDeliveryAsync(alertId, "ops");
        Assert.Equal(("delivered", 1, 200), (delivery.GetProperty("state").GetString(), delivery.GetProperty("attempts").GetInt32(), delivery.GetProperty("last_status").GetInt32()));
    }

    [Fact]
    public async Task A_receiver_failing_twice_with_500_gets_three_attempts_each_signed_and_the_alert_ends_delivered()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer(500, 500);
        await using var gateway = await AlertingGateway.StartAsync(alerts => alerts.Webhooks.Add(AlertingGateway.Webhook(receiver, Secret, "ops")));
        var alert = Threshold(0.8m);

        Assert.True(gateway.Publisher.Publish(alert));

        var delivery = await gateway.WaitForDeliveryAsync(alert.Id, "ops");
        Assert.Equal(("delivered", 3, 200), (delivery.GetProperty("state").GetString(), delivery.GetProperty("attempts").GetInt32(), delivery.GetProperty("last_status").GetInt32()));
        var requests = receiver.Received;
        Assert.Equal(3, requests.Count);
        Assert.All(requests, request => Assert.True(WebhookReceiver.HasValidSignature(request, Secret)));
        Assert.All(requests, request => Assert.Equal(alert.Id, request.Header("x-tollgate-alert-id")));
        var body = JsonDocument.Parse(requests[0].Body).RootElement;
        Assert.Equal(("budget_threshold", "warning", 0.8m, 80.5m, 100m), (
            body.GetProperty("kind").GetString(), body.GetProperty("severity").GetString(), body.GetProperty("threshold_fraction").GetDecimal(),
            body.GetProperty("spent_usd").GetDecimal(), body.GetProperty("limit_usd").GetDecimal()));
        Assert.Equal(("b_core", "core monthly", "team:core"), (
            body.GetProperty("subject").GetProperty("id").GetString(), body.GetProperty("subject").GetProperty("name").GetString(), body.GetProperty("subject").GetProperty("scope").GetString()));
    }

    [Fact]
    public async Task A_receiver_that_always_fails_ends_failed_after_the_last_attempt_while_another_receiver_gets_its_alert()
    {
        await using var failing = await WebhookReceiver.StartAsync();
        failing.ThenStatus = 503;
        await using var working = await WebhookReceiver.StartAsync();
        await using var gateway = await AlertingGateway.StartAsync(alerts =>
        {
            alerts.MaxAttempts = 3;
            alerts.Webhooks.Add(AlertingGateway.Webhook(failing, Secret, "down"));
            alerts.Webhooks.Add(AlertingGateway.Webhook(working, OtherSecret, "up"));
        });
        var alert = Threshold(1m);

        Assert.True(gateway.Publisher.Publish(alert));

        var delivered = await gateway.WaitForDeliveryAsync(alert.Id, "up");
        Assert.Equal("delivered", delivered.GetProperty("state").GetString());
        var failed = await gateway.WaitForDeliveryAsync(alert.Id, "down");
        Assert.Equal(("failed", 3, 503, "HTTP 503"), (
            failed.GetProperty("state").GetString(), failed.GetProperty("attempts").GetInt32(), failed.GetProperty("last_status").GetInt32(), failed.GetProperty("last_error").GetString()));
        Assert.Equal(3, failing.Received.Count);
        Assert.Contains(gateway.Log.Messages, message => message.Contains(alert.Id, StringComparison.Ordinal) && message.Contains("could not be delivered to webhook down after 3 attempts", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_429_with_retry_after_is_retried_and_a_400_is_not()
    {
        await using var busy = await WebhookReceiver.StartAsync();
        busy.RetryAfter = "0";
        busy.Answer(429);
        await using var refusing = await WebhookReceiver.StartAsync();
        refusing.ThenStatus = 400;
        await using var gateway = await AlertingGateway.StartAsync(alerts =>
        {
            alerts.Webhooks.Add(AlertingGateway.Webhook(busy, Secret, "busy"));
            alerts.Webhooks.Add(AlertingGateway.Webhook(refusing, Secret, "refusing"));
        });
        var alert = Threshold(0.5m);

        gateway.Publisher.Publish(alert);

        var retried = await gateway.WaitForDeliveryAsync(alert.Id, "busy");
        Assert.Equal(("delivered", 2), (retried.GetProperty("state").GetString(), retried.GetProperty("attempts").GetInt32()));
        var refused = await gateway.WaitForDeliveryAsync(alert.Id, "refusing");
        Assert.Equal(("failed", 1, 400), (refused.GetProperty("state").GetString(), refused.GetProperty("attempts").GetInt32(), refused.GetProperty("last_status").GetInt32()));
    }

    [Fact]
    public async Task An_unreachable_receiver_is_retried_and_recorded_failed_without_its_url()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var url = receiver.Url;
        await receiver.DisposeAsync(); // nothing listens there any more
        await using var gateway = await AlertingGateway.StartAsync(alerts =>
        {
            alerts.MaxAttempts = 2;
            alerts.Webhooks.Add(new() { Url = url.ToString(), Secret = Secret });
        });
        var alert = Threshold(0.5m);

        gateway.Publisher.Publish(alert);

        var failed = await gateway.WaitForDeliveryAsync(alert.Id, url.Authority);
        Assert.Equal(("failed", 2), (failed.GetProperty("state").GetString(), failed.GetProperty("attempts").GetInt32()));
        Assert.Equal(JsonValueKind.Null, failed.GetProperty("last_status").ValueKind);
        Assert.StartsWith("no answer", failed.GetProperty("last_error").GetString(), StringComparison.Ordinal);
        var (_, listed) = await gateway.GetAlertsTextAsync();
        Assert.DoesNotContain(url.AbsolutePath.Trim('/'), listed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_webhook_gets_only_the_kinds_it_asks_for_but_every_test_alert()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var gateway = await AlertingGateway.StartAsync(alerts => alerts.Webhooks.Add(AlertingGateway.Webhook(receiver, Secret, "thresholds", AlertKinds.BudgetThreshold)));
        var unit = BudgetAlerts.UnitExceeded(new AlertSubject("unit:search", "search per 1,000 calls", "feature:search"), 40, 0.12m, 2m, new DateTimeOffset(DateTimeOffset.UtcNow.Date, TimeSpan.Zero), null, DateTimeOffset.UtcNow);
        var threshold = Threshold(0.8m);

        gateway.Publisher.Publish(unit);
        gateway.Publisher.Publish(threshold);
        using var test = await gateway.Http.PostAsync("admin/alerts/test", null);

        await gateway.WaitForDeliveryAsync(threshold.Id, "thresholds");
        var requests = await receiver.WaitForAsync(2);
        var unitListed = await gateway.WaitForAlertAsync(unit.Id);
        Assert.Empty(unitListed.GetProperty("deliveries").EnumerateArray());
        Assert.DoesNotContain(requests, request => request.Header("x-tollgate-alert-id") == unit.Id);
        Assert.Contains(requests, request => request.Header("x-tollgate-alert-id") == threshold.Id);
        Assert.Contains(requests, request => JsonDocument.Parse(request.Body).RootElement.GetProperty("kind").GetString() == AlertKinds.Test);
    }

    [Fact]
    public async Task One_threshold_of_one_budget_in_one_period_is_raised_once()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var gateway = await AlertingGateway.StartAsync(alerts => alerts.Webhooks.Add(AlertingGateway.Webhook(receiver, Secret, "ops")));
        var first = Threshold(0.8m);
        var again = Threshold(0.8m);
        var next = Threshold(1m);

        gateway.Publisher.Publish(first);
        gateway.Publisher.Publish(again);
        gateway.Publisher.Publish(next);

        // Alerts are taken in order: once the last is delivered, the repeat has been seen and dropped.
        await gateway.WaitForDeliveryAsync(first.Id, "ops");
        await gateway.WaitForDeliveryAsync(next.Id, "ops");
        Assert.Equal(new[] { first.Id, next.Id }.Order(StringComparer.Ordinal), (await gateway.GetAlertsAsync()).Select(alert => alert.GetProperty("id").GetString()!).Order(StringComparer.Ordinal));
        Assert.Equal(2, receiver.Received.Count);
    }

    [Fact]
    public async Task Neither_a_secret_nor_a_webhook_url_appears_in_the_admin_alerts_or_the_log()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer(500);
        await using var gateway = await AlertingGateway.StartAsync(alerts => alerts.Webhooks.Add(AlertingGateway.Webhook(receiver, Secret)));
        var alert = Threshold(1m);

        gateway.Publisher.Publish(alert);
        using var test = await gateway.Http.PostAsync("admin/alerts/test", null);
        await gateway.WaitForDeliveryAsync(alert.Id, receiver.Url.Authority);

        var (_, listed) = await gateway.GetAlertsTextAsync();
        Assert.Contains(alert.Id, listed, StringComparison.Ordinal);
        var log = string.Join('\n', gateway.Log.Messages);
        Assert.Contains(alert.Id, log, StringComparison.Ordinal);
        foreach (var text in new[] { listed, log, await test.Content.ReadAsStringAsync() })
        {
            Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
            Assert.DoesNotContain(receiver.Url.AbsolutePath.Trim('/'), text, StringComparison.Ordinal);
        }
    }

    private static Alert Threshold(decimal fraction) => BudgetAlerts.ThresholdCrossed(
        new AlertSubject("b_core", "core monthly", "team:core"), fraction, 80.5m, 100m, PeriodStart, PeriodStart.AddMonths(1), DateTimeOffset.UtcNow);
}
