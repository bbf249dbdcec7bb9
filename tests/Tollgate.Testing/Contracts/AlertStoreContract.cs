using Tollgate.Core.Alerts;
using Xunit;

namespace Tollgate.Testing.Contracts;

/// <summary>
/// What every <see cref="IAlertStore"/> must do, written once and run against each implementation: derive a test class
/// and implement <see cref="OpenStoreAsync"/>. xunit makes a new instance per test, so each test starts from empty storage.
/// </summary>
public abstract class AlertStoreContract : StoreContract<IAlertStore>
{
    protected static readonly DateTimeOffset Noon = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly string[] NoWebhooks = [];

    protected static Alert Simple(string id, DateTimeOffset? at = null, string kind = AlertKinds.Test, string? dedupeKey = null) =>
        new(id, at ?? Noon, kind, AlertSeverity.Info, $"Alert {id}.", DedupeKey: dedupeKey);

    protected static Alert Threshold(decimal fraction, DateTimeOffset? periodStart = null, string budget = "b_team_core") =>
        BudgetAlerts.ThresholdCrossed(
            new AlertSubject(budget, "core monthly", "team:core"), fraction, 80.25m, 100m, periodStart ?? Noon.AddDays(-1), (periodStart ?? Noon.AddDays(-1)).AddMonths(1), Noon);

    [Fact]
    public async Task An_appended_alert_is_listed_with_every_field()
    {
        var alert = Threshold(0.8m) with
        {
            CreatedAt = Noon.AddTicks(1234567),
            Details = new Dictionary<string, string>(StringComparer.Ordinal) { ["model"] = "gpt-4o-mini", ["note"] = "ünïcode \"quoted\"" },
        };

        Assert.True(await Store.AppendAsync(alert, NoWebhooks));

        var listed = Assert.Single(await Store.ListAsync(new AlertQuery()));
        AssertSame(alert, listed.Alert);
        Assert.Empty(listed.Deliveries);
    }

    [Fact]
    public async Task An_alert_with_no_subject_figures_or_details_keeps_them_empty()
    {
        await Store.AppendAsync(Simple("alert_1"), NoWebhooks);

        var alert = (await Store.GetAsync("alert_1"))!.Alert;

        Assert.Equal((null, null, null, null, null, null), (alert.Subject, alert.ThresholdFraction, alert.SpentUsd, alert.LimitUsd, alert.PeriodStart, alert.Details));
    }

    [Fact]
    public async Task Alerts_are_listed_newest_first_and_limited_to_the_newest()
    {
        await Store.AppendAsync(Simple("alert_b", Noon.AddMinutes(1)), NoWebhooks);
        await Store.AppendAsync(Simple("alert_old", Noon), NoWebhooks);
        await Store.AppendAsync(Simple("alert_a", Noon.AddMinutes(1)), NoWebhooks);
        await Store.AppendAsync(Simple("alert_new", Noon.AddMinutes(2)), NoWebhooks);

        Assert.Equal(["alert_new", "alert_b", "alert_a", "alert_old"], Ids(await Store.ListAsync(new AlertQuery())));
        Assert.Equal(["alert_new", "alert_b"], Ids(await Store.ListAsync(new AlertQuery(Limit: 2))));
    }

    [Fact]
    public async Task Since_keeps_alerts_raised_at_or_after_it_and_compares_instants()
    {
        await Store.AppendAsync(Simple("alert_before", Noon.AddTicks(-1)), NoWebhooks);
        await Store.AppendAsync(Simple("alert_at", Noon), NoWebhooks);
        await Store.AppendAsync(Simple("alert_after", Noon.AddHours(1)), NoWebhooks);

        // 14:00 at +02:00 is noon UTC.
        var since = new DateTimeOffset(2025, 3, 1, 14, 0, 0, TimeSpan.FromHours(2));

        Assert.Equal(["alert_after", "alert_at"], Ids(await Store.ListAsync(new AlertQuery(Since: since))));
    }

    [Fact]
    public async Task Kind_keeps_alerts_of_that_kind_only()
    {
        await Store.AppendAsync(Simple("alert_test"), NoWebhooks);
        await Store.AppendAsync(Threshold(0.5m), NoWebhooks);

        var listed = await Store.ListAsync(new AlertQuery(Kind: AlertKinds.BudgetThreshold));

        Assert.Equal(AlertKinds.BudgetThreshold, Assert.Single(listed).Alert.Kind);
        Assert.Empty(await Store.ListAsync(new AlertQuery(Kind: "no_such_kind")));
    }

    [Fact]
    public async Task An_alert_whose_dedupe_key_was_raised_before_is_not_kept()
    {
        Assert.True(await Store.AppendAsync(Threshold(0.8m), NoWebhooks));

        Assert.False(await Store.AppendAsync(Threshold(0.8m), NoWebhooks));

        Assert.Single(await Store.ListAsync(new AlertQuery()));
    }

    [Fact]
    public async Task Another_threshold_budget_or_period_is_raised_again()
    {
        Assert.True(await Store.AppendAsync(Threshold(0.8m), NoWebhooks));
        Assert.True(await Store.AppendAsync(Threshold(1m), NoWebhooks));
        Assert.True(await Store.AppendAsync(Threshold(0.8m, budget: "b_team_search"), NoWebhooks));
        Assert.True(await Store.AppendAsync(Threshold(0.8m, periodStart: Noon.AddMonths(1)), NoWebhooks));

        Assert.Equal(4, (await Store.ListAsync(new AlertQuery())).Count);
    }

    [Fact]
    public async Task A_dedupe_key_holds_across_a_reopen()
    {
        await Store.AppendAsync(Threshold(0.5m), NoWebhooks);

        await ReopenAsync();

        Assert.False(await Store.AppendAsync(Threshold(0.5m), NoWebhooks));
    }

    [Fact]
    public async Task Of_two_stores_raising_one_dedupe_key_at_once_exactly_one_keeps_it()
    {
        var other = await OpenAnotherStoreAsync();

        var kept = await Task.WhenAll(
            Task.Run(() => Store.AppendAsync(Threshold(1m), ["ops"]).AsTask()),
            Task.Run(() => other.AppendAsync(Threshold(1m), ["ops"]).AsTask()));

        Assert.Single(kept, appended => appended);
        Assert.Single(Assert.Single(await other.ListAsync(new AlertQuery())).Deliveries);
    }

    [Fact]
    public async Task Alerts_without_a_dedupe_key_are_all_kept_but_an_id_only_once()
    {
        Assert.True(await Store.AppendAsync(Simple("alert_1"), NoWebhooks));
        Assert.True(await Store.AppendAsync(Simple("alert_2"), NoWebhooks));

        Assert.False(await Store.AppendAsync(Simple("alert_1", Noon.AddHours(1)), NoWebhooks));

        Assert.Equal(Noon, (await Store.GetAsync("alert_1"))!.Alert.CreatedAt);
    }

    [Fact]
    public async Task An_alert_starts_with_a_pending_delivery_per_webhook()
    {
        await Store.AppendAsync(Simple("alert_1"), ["pager", "chat"]);

        var deliveries = (await Store.GetAsync("alert_1"))!.Deliveries;

        Assert.Equal(["chat", "pager"], deliveries.Select(d => d.Webhook));
        Assert.All(deliveries, d => Assert.Equal((AlertDeliveryState.Pending, 0), (d.State, d.Attempts)));
    }

    [Fact]
    public async Task A_recorded_delivery_replaces_the_pending_one_and_is_seen_by_another_store()
    {
        var other = await OpenAnotherStoreAsync();
        await Store.AppendAsync(Simple("alert_1"), ["pager", "chat"]);
        var failed = new AlertDelivery("pager", AlertDeliveryState.Failed, 5, 503, "HTTP 503", Noon.AddMinutes(3));
        var delivered = new AlertDelivery("chat", AlertDeliveryState.Delivered, 1, 200, null, Noon.AddSeconds(1));

        Assert.True(await Store.RecordDeliveryAsync("alert_1", failed));
        Assert.True(await Store.RecordDeliveryAsync("alert_1", delivered));

        Assert.Equal([delivered, failed], (await other.GetAsync("alert_1"))!.Deliveries);
    }

    [Fact]
    public async Task A_delivery_of_an_unknown_alert_is_not_recorded()
    {
        Assert.False(await Store.RecordDeliveryAsync("alert_none", new AlertDelivery("pager", AlertDeliveryState.Delivered, 1, 200, null, Noon)));

        Assert.Null(await Store.GetAsync("alert_none"));
    }

    [Fact]
    public async Task Pending_alerts_are_those_with_a_pending_delivery_oldest_first_after_a_reopen()
    {
        await Store.AppendAsync(Simple("alert_late", Noon.AddMinutes(2)), ["pager"]);
        await Store.AppendAsync(Simple("alert_done", Noon), ["pager"]);
        await Store.AppendAsync(Simple("alert_early", Noon.AddMinutes(1)), ["pager", "chat"]);
        await Store.AppendAsync(Simple("alert_none", Noon), NoWebhooks);
        await Store.RecordDeliveryAsync("alert_done", new AlertDelivery("pager", AlertDeliveryState.Delivered, 1, 204, null, Noon));
        await Store.RecordDeliveryAsync("alert_early", new AlertDelivery("chat", AlertDeliveryState.Failed, 3, null, "timed out", Noon));

        await ReopenAsync();

        var pending = await Store.ListPendingAsync(10);
        Assert.Equal(["alert_early", "alert_late"], Ids(pending));
        Assert.Equal(2, pending[0].Deliveries.Count);
        Assert.Equal(["alert_early"], Ids(await Store.ListPendingAsync(1)));
    }

    [Fact]
    public async Task Alerts_and_deliveries_are_kept_across_a_reopen()
    {
        await Store.AppendAsync(Threshold(1m), ["pager"]);
        var id = Assert.Single(await Store.ListAsync(new AlertQuery())).Alert.Id;
        await Store.RecordDeliveryAsync(id, new AlertDelivery("pager", AlertDeliveryState.Delivered, 2, 200, null, Noon));

        await ReopenAsync();

        var stored = (await Store.GetAsync(id))!;
        AssertSame(Threshold(1m) with { Id = id }, stored.Alert);
        Assert.Equal(AlertDeliveryState.Delivered, Assert.Single(stored.Deliveries).State);
    }

    [Fact]
    public async Task An_alert_without_an_id_kind_or_message_is_refused()
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.AppendAsync(Simple(""), NoWebhooks).AsTask());
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.AppendAsync(Simple("alert_1", kind: ""), NoWebhooks).AsTask());
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.AppendAsync(Simple("alert_1") with { Message = "" }, NoWebhooks).AsTask());

        Assert.Empty(await Store.ListAsync(new AlertQuery()));
    }

    [Fact]
    public async Task A_webhook_named_twice_is_refused_and_nothing_kept()
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.AppendAsync(Simple("alert_1"), ["pager", "pager"]).AsTask());

        Assert.Null(await Store.GetAsync("alert_1"));
    }

    private static string[] Ids(IReadOnlyList<StoredAlert> alerts) => alerts.Select(a => a.Alert.Id).ToArray();

    /// <summary>Records compare their details by reference; compare those by content.</summary>
    private static void AssertSame(Alert expected, Alert actual)
    {
        Assert.Equal(expected with { Details = null }, actual with { Details = null });
        Assert.Equal(expected.Details?.OrderBy(p => p.Key, StringComparer.Ordinal), actual.Details?.OrderBy(p => p.Key, StringComparer.Ordinal));
    }
}
