using Tollgate.Core.Ledger;
using Xunit;

namespace Tollgate.Testing.Contracts;

/// <summary>
/// What every <see cref="ILedgerStore"/> must do for the dashboard's reads of a period: the costliest requests, spend
/// over time by bucket and group, and tokens per request as a histogram.
/// </summary>
public abstract partial class LedgerStoreContract
{
    [Fact]
    public async Task The_costliest_requests_come_dearest_first_with_ties_by_tokens_then_request_id()
    {
        await Store.WriteAsync(Settled("req_cheap", cost: 0.001m));
        await Store.WriteAsync(Settled("req_dear", cost: 0.5m));
        await Store.WriteAsync(Settled("req_tie_b", cost: 0.2m));
        await Store.WriteAsync(Settled("req_tie_a", cost: 0.2m));
        await Store.WriteAsync(Settled("req_tie_more_tokens", cost: 0.2m) with { OutputTokens = 500 });
        await Store.WriteAsync(Settled("req_unpriced", cost: null));
        await Store.WriteAsync(Pending("req_pending"));

        var costliest = await Store.GetCostliestAsync(Noon.AddHours(-1), Noon.AddHours(1), limit: 4);

        Assert.Equal(["req_dear", "req_tie_more_tokens", "req_tie_a", "req_tie_b"], costliest.Select(row => row.RequestId));
        Assert.Equal((0.5m, "search", "alice", "core"), (costliest[0].CostUsd, costliest[0].Feature, costliest[0].User, costliest[0].Team));
    }

    [Fact]
    public async Task The_costliest_requests_are_those_of_the_period_and_rows_without_a_cost_are_never_among_them()
    {
        await Store.WriteAsync(Settled("req_before", cost: 9m) with { Timestamp = Noon.AddDays(-2) });
        await Store.WriteAsync(Settled("req_in", cost: 0.01m));
        await Store.WriteAsync(Settled("req_at_until", cost: 9m) with { Timestamp = Noon.AddHours(1) });
        await Store.WriteAsync(Settled("req_unpriced", cost: null));

        var costliest = await Store.GetCostliestAsync(Noon.AddHours(-1), Noon.AddHours(1), limit: 10);

        Assert.Equal(["req_in"], costliest.Select(row => row.RequestId));
    }

    [Fact]
    public async Task The_timeline_sums_each_group_per_hour_and_counts_unknown_costs_apart()
    {
        await Store.WriteAsync(Settled("req_1", cost: 0.25m) with { Timestamp = Noon.AddMinutes(5) });
        await Store.WriteAsync(Settled("req_2", cost: 0.5m) with { Timestamp = Noon.AddMinutes(50), BaselineCostUsd = 1m });
        await Store.WriteAsync(Settled("req_3", cost: 0.125m) with { Timestamp = Noon.AddMinutes(70), Feature = "chat" });
        await Store.WriteAsync(Settled("req_4", cost: null) with { Timestamp = Noon.AddMinutes(75), Feature = null });
        await Store.WriteAsync(Pending("req_pending") with { Timestamp = Noon.AddMinutes(80) });
        await Store.WriteAsync(Settled("req_later", cost: 7m) with { Timestamp = Noon.AddHours(3) });

        var timeline = await Store.GetSpendTimelineAsync(new SpendTimelineQuery(SpendGrouping.Feature, TimeBucket.Hour, Noon, Noon.AddHours(2)));

        Assert.Equal(("feature", "hour"), (timeline.GroupBy, timeline.Bucket));
        Assert.Equal(
            [(Noon, "search", 2L, (decimal?)0.75m, (decimal?)1.25m, 0L), (Noon.AddHours(1), "chat", 1L, 0.125m, 0.125m, 0L), (Noon.AddHours(1), null, 1L, null, null, 1L)],
            timeline.Points.Select(p => (p.Start, p.Group, p.Requests, p.CostUsd, p.BaselineCostUsd, p.UnpricedRequests)));
        Assert.Equal((200L, 40L), (timeline.Points[0].InputTokens, timeline.Points[0].OutputTokens));
    }

    [Fact]
    public async Task The_timeline_by_day_groups_by_the_model_that_served()
    {
        await Store.WriteAsync(Settled("req_1", cost: 0.25m));
        await Store.WriteAsync(Settled("req_2", cost: 0.5m) with { ServedModel = null, RequestedModel = "claude-haiku-4-5", Timestamp = Noon.AddHours(11) });

        var timeline = await Store.GetSpendTimelineAsync(new SpendTimelineQuery(SpendGrouping.Model, TimeBucket.Day, Noon.AddDays(-1), Noon.AddDays(1)));

        var day = new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(
            [(day, "claude-haiku-4-5", (decimal?)0.5m), (day, "gpt-4o-mini-2024-07-18", 0.25m)],
            timeline.Points.Select(p => (p.Start, p.Group, p.CostUsd)));
    }

    [Fact]
    public async Task The_token_histogram_counts_every_settled_request_of_the_period_in_its_bucket()
    {
        await Store.WriteAsync(Settled("req_small") with { InputTokens = 10, OutputTokens = 5 });
        await Store.WriteAsync(Settled("req_edge") with { InputTokens = 60, OutputTokens = 4 });
        await Store.WriteAsync(Settled("req_mid") with { InputTokens = 900, OutputTokens = 200 });
        await Store.WriteAsync(Settled("req_huge") with { InputTokens = 500_000, OutputTokens = 1 });
        await Store.WriteAsync(Pending("req_pending"));
        await Store.WriteAsync(Settled("req_outside") with { Timestamp = Noon.AddDays(-3) });

        var histogram = await Store.GetTokenHistogramAsync(Noon.AddHours(-1), Noon.AddHours(1));

        Assert.Equal(TokenHistogram.Edges, histogram.Buckets.Select(b => b.MinTokens));
        Assert.Equal([1L, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1], histogram.Buckets.Select(b => b.Requests));
        Assert.Equal((64L, (long?)null), (histogram.Buckets[0].MaxTokens, histogram.Buckets[^1].MaxTokens));
    }
}
