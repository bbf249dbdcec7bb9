using System.ClientModel;
using System.Net;
using System.Text.Json;
using OpenAI.Chat;
using Tollgate.EndToEnd.Tests.Support;
using Tollgate.Testing.Clients;
using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests;

/// <summary>
/// A budget's warning fraction crossed by settled spend becomes a <c>budget_threshold</c> alert: listed on
/// <c>GET /admin/alerts</c>, naming the budget, and delivered signed to the webhook; once per fraction and period.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class BudgetThresholdAlertTests(GatewayFixture fixture)
{
    private const string Secret = "whsec-threshold-e2e-51d0";

    [Fact]
    public async Task Settled_spend_crossing_a_warning_fraction_raises_one_signed_alert_per_period()
    {
        await using var receiver = await WebhookReceiver.StartAsync();

        // The budget only warns (Block false), so its tiny limit lets every call through while the first crosses 0.5.
        await using var gateway = await GatewayServer.StartAsync(fixture.Simulator, new GatewayServerOptions
        {
            Environment = new()
            {
                ["Tollgate__Budgets__0__Id"] = "watch-day",
                ["Tollgate__Budgets__0__Name"] = "Watched daily",
                ["Tollgate__Budgets__0__LimitUsd"] = "0.000001",
                ["Tollgate__Budgets__0__Period"] = "day",
                ["Tollgate__Budgets__0__WarnAt__0"] = "0.5",
                ["Tollgate__Budgets__0__Block"] = "false",
                ["Tollgate__Alerts__Webhooks__0__Name"] = "ops",
                ["Tollgate__Alerts__Webhooks__0__Url"] = receiver.Url.ToString(),
                ["Tollgate__Alerts__Webhooks__0__Secret"] = Secret,
            },
        });
        var chat = SdkClients.OpenAIChat(gateway.BaseAddress, "gpt-4.1");

        var first = await chat.CompleteChatAsync([new UserChatMessage("Threshold call one: a sentence about bells.")]);
        await gateway.WaitForSettledEntryAsync(RequestId(first));
        var threshold = Assert.Single(await receiver.WaitForAsync(1));

        // Spend past the fraction again in the same day: no second alert. A test alert queued after it marks the end.
        var second = await chat.CompleteChatAsync([new UserChatMessage("Threshold call two: a sentence about drums.")]);
        await gateway.WaitForSettledEntryAsync(RequestId(second));
        using (var test = gateway.AdminRequest(HttpMethod.Post, "admin/alerts/test"))
        using (var raised = await gateway.Http.SendAsync(test))
        {
            Assert.Equal(HttpStatusCode.Accepted, raised.StatusCode);
        }

        var delivered = await receiver.WaitForAsync(2);
        Assert.True(WebhookReceiver.HasValidSignature(threshold, Secret), "the alert is signed with the webhook's secret");
        var body = Wire.Parse(threshold.BodyText);
        Assert.Equal(("budget_threshold", 0.5m), (body.GetProperty("kind").GetString(), body.GetProperty("threshold_fraction").GetDecimal()));
        Assert.Equal(("watch-day", "Watched daily"), (body.GetProperty("subject").GetProperty("id").GetString(), body.GetProperty("subject").GetProperty("name").GetString()));
        Assert.Single(delivered, request => Kind(request) == "budget_threshold");
        Assert.Single(delivered, request => Kind(request) == "test");

        using var list = gateway.AdminRequest(HttpMethod.Get, "admin/alerts");
        using var listed = await gateway.Http.SendAsync(list);
        var alerts = Wire.Parse(await listed.Content.ReadAsStringAsync()).GetProperty("alerts").EnumerateArray()
            .Where(alert => alert.GetProperty("kind").GetString() == "budget_threshold").ToList();
        var alert = Assert.Single(alerts);
        Assert.Equal(threshold.Header("x-tollgate-alert-id"), alert.GetProperty("id").GetString());
        Assert.Equal("watch-day", alert.GetProperty("subject").GetProperty("id").GetString());
        Assert.Contains("Watched daily", alert.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private static string? Kind(ReceivedWebhook request) => JsonDocument.Parse(request.Body).RootElement.GetProperty("kind").GetString();

    private static string RequestId(ClientResult result) =>
        result.GetRawResponse().Headers.TryGetValue("x-tollgate-request-id", out var requestId) ? requestId! : throw new InvalidOperationException("no request id");
}
