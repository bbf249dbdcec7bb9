using Tollgate.Core.Ledger;
using Xunit;

namespace Tollgate.Testing.Contracts;

/// <summary>
/// What every <see cref="ILedgerStore"/> must do for the spend report and the list of unpriced models: unknown costs
/// counted as unpriced and never as $0, the negotiated discount apart from the levers' savings, totals over every
/// request once, and the hits: requests answered without an upstream call.
/// </summary>
public abstract partial class LedgerStoreContract
{
    /// <summary>The end of every report's period here: after every row the tests write.</summary>
    private static readonly DateTimeOffset Later = Noon.AddDays(365);

    /// <summary>
    /// A request answered without an upstream call, as settlement writes it: no cost, the baseline it would have cost,
    /// all of it saved by <paramref name="lever"/>.
    /// </summary>
    private static LedgerEntry Hit(string requestId, string cacheStatus, string lever, decimal baseline) => Settled(requestId) with
    {
        Provider = null,
        CostUsd = 0m,
        BaselineCostUsd = baseline,
        CacheStatus = cacheStatus,
        Lever = lever,
        Savings = [new LeverSaving(lever, baseline)],
        Attempts = 0,
    };

    private Task<SpendReport> SpendAsync(SpendGrouping groupBy, DateTimeOffset? from = null, DateTimeOffset? to = null) =>
        Store.GetSpendAsync(new SpendQuery(groupBy, from, to ?? Later)).AsTask();

    [Fact]
    public async Task Sums_of_many_tiny_costs_are_exact()
    {
        // More significant digits than a double holds: summed as doubles, these come out rounded.
        await Task.WhenAll(Enumerable.Range(0, 1_000).Select(i =>
            Store.WriteAsync(Settled($"req_{i}") with { CostUsd = 0.0000001234567890123456789m, BaselineCostUsd = 0.100000000000000001m }).AsTask()));

        var spend = Assert.Single((await SpendAsync(SpendGrouping.Feature)).Rows);

        Assert.Equal(0.0001234567890123456789m, spend.CostUsd);
        Assert.Equal(100.000000000000001m, spend.BaselineCostUsd);
        Assert.Equal(100.000000000000001m - 0.0001234567890123456789m, spend.SavedUsd);
    }

    [Fact]
    public async Task An_unknown_cost_is_counted_as_unpriced_and_not_as_zero()
    {
        await Store.WriteAsync(Settled("req_priced", cost: 0.5m));
        await Store.WriteAsync(Settled("req_unpriced", cost: null));

        var report = await SpendAsync(SpendGrouping.Feature);
        var spend = Assert.Single(report.Rows);

        Assert.Equal((2L, 1L, 0.5m, 0.5m), (spend.Requests, spend.UnpricedRequests, spend.CostUsd, spend.BaselineCostUsd));
        Assert.Equal((2L, 1L, 0.5m, false), (report.Totals.Requests, report.Totals.UnpricedRequests, report.Totals.CostUsd, report.Totals.Complete));
    }

    [Fact]
    public async Task A_group_of_unpriced_requests_only_has_no_money_at_all()
    {
        await Store.WriteAsync(Settled("req_priced", cost: 0.5m) with { ServedModel = "gpt-4o-mini" });
        await Store.WriteAsync(Settled("req_unpriced_1", cost: null) with { ServedModel = "llama-3-70b" });
        await Store.WriteAsync(Settled("req_unpriced_2", cost: null) with { ServedModel = "llama-3-70b" });

        var report = await SpendAsync(SpendGrouping.Model);

        // The priced group first; the unpriced one last, with null money rather than $0.
        Assert.Equal(["gpt-4o-mini", "llama-3-70b"], report.Rows.Select(row => row.Group));
        var unpriced = report.Rows[1];
        Assert.Equal((2L, 2L), (unpriced.Requests, unpriced.UnpricedRequests));
        Assert.Equal<decimal?[]>([null, null, null, null], [unpriced.CostUsd, unpriced.BaselineCostUsd, unpriced.SavedUsd, unpriced.DiscountUsd]);
    }

    [Fact]
    public async Task Totals_cover_every_request_once_and_are_complete_when_every_request_is_priced()
    {
        await Store.WriteAsync(Settled("req_1", cost: 1m) with { Feature = "search", InputTokens = 100, CachedInputTokens = 10, CacheWriteTokens = 5, OutputTokens = 7 });
        await Store.WriteAsync(Settled("req_2", cost: 2m) with { Feature = "chat", BaselineCostUsd = 5m, InputTokens = 200, CachedInputTokens = 20, CacheWriteTokens = 6, OutputTokens = 8 });

        var totals = (await SpendAsync(SpendGrouping.Feature)).Totals;

        Assert.Equal((2L, 300L, 30L, 11L, 15L), (totals.Requests, totals.InputTokens, totals.CachedInputTokens, totals.CacheWriteTokens, totals.OutputTokens));
        Assert.Equal((3m, 6m, 3m, 0m), (totals.CostUsd, totals.BaselineCostUsd, totals.SavedUsd, totals.DiscountUsd));
        Assert.Equal((0L, true), (totals.UnpricedRequests, totals.Complete));
    }

    [Fact]
    public async Task A_baseline_beside_an_unknown_cost_is_not_counted_as_saved()
    {
        // A retried request whose first attempt went to an unpriced model: its answer has a baseline, its cost is unknown.
        await Store.WriteAsync(Settled("req_priced", cost: 1m));
        await Store.WriteAsync(Settled("req_retried", cost: null) with { BaselineCostUsd = 3m, Savings = [new LeverSaving(Levers.Routing, 3m)] });

        var report = await SpendAsync(SpendGrouping.Feature);

        Assert.Equal((1m, 1m, 0m), (report.Totals.CostUsd, report.Totals.BaselineCostUsd, report.Totals.SavedUsd));
        Assert.Equal(1L, report.Totals.UnpricedRequests);
    }

    [Fact]
    public async Task The_negotiated_discount_is_reported_apart_from_what_the_levers_saved()
    {
        // Baseline $1 at list prices; the discount takes $0.20 off, routing saves $0.50, the call costs $0.30.
        await Store.WriteAsync(Settled("req_discounted") with
        {
            CostUsd = 0.3m,
            BaselineCostUsd = 1m,
            Savings = [new LeverSaving(Levers.Discount, 0.2m), new LeverSaving(Levers.Routing, 0.5m)],
        });
        await Store.WriteAsync(Settled("req_plain", cost: 0.1m));

        var report = await SpendAsync(SpendGrouping.Feature);
        var spend = Assert.Single(report.Rows);

        Assert.Equal((0.4m, 1.1m, 0.5m, 0.2m), (spend.CostUsd, spend.BaselineCostUsd, spend.SavedUsd, spend.DiscountUsd));
        Assert.Equal((0.5m, 0.2m), (report.Totals.SavedUsd, report.Totals.DiscountUsd));
    }

    [Fact]
    public async Task Lever_spend_gives_each_levers_own_saving_and_the_requests_it_acted_on()
    {
        await Store.WriteAsync(Settled("req_routed_and_cached") with
        {
            CostUsd = 1m,
            BaselineCostUsd = 4m,
            Savings = [new LeverSaving(Levers.Routing, 2m), new LeverSaving(Levers.ProviderCache, 1m)],
        });
        await Store.WriteAsync(Settled("req_routed") with { CostUsd = 1m, BaselineCostUsd = 1.5m, Savings = [new LeverSaving(Levers.Routing, 0.5m)] });
        await Store.WriteAsync(Settled("req_discounted") with
        {
            CostUsd = 0.8m,
            BaselineCostUsd = 1m,
            Savings = [new LeverSaving(Levers.Discount, 0.2m)],
        });
        await Store.WriteAsync(Settled("req_plain", cost: 0.1m));
        await Store.WriteAsync(Settled("req_unpriced", cost: null));

        var report = await SpendAsync(SpendGrouping.Lever);

        // Largest saving first (the discount's for its row), requests no lever acted on last.
        Assert.Equal(
            "routing:2:2.5:0 | provider-cache:1:1:0 | discount:1:0:0.2 | -:2:0:0",
            string.Join(" | ", report.Rows.Select(row => $"{row.Group ?? "-"}:{row.Requests}:{row.SavedUsd}:{row.DiscountUsd}")));
        Assert.Equal((2m, 5.5m), (report.Rows[0].CostUsd, report.Rows[0].BaselineCostUsd));
        Assert.Equal(1L, report.Rows[^1].UnpricedRequests);
        Assert.Equal("lever", report.GroupBy);

        // The totals count each request once: 5 requests, $2.90 cost, $6.60 baseline, $3.50 saved by levers, $0.20 discount.
        Assert.Equal((5L, 2.9m, 6.6m, 3.5m, 0.2m), (report.Totals.Requests, report.Totals.CostUsd, report.Totals.BaselineCostUsd, report.Totals.SavedUsd, report.Totals.DiscountUsd));
        Assert.False(report.Totals.Complete);
    }

    [Theory]
    [InlineData(SpendGrouping.Feature, "chat=4|search=3")]
    [InlineData(SpendGrouping.User, "bob=6|alice=1")]
    [InlineData(SpendGrouping.Model, "model-b=6|model-a=1")]
    [InlineData(SpendGrouping.Key, "key-2=6|key-1=1")]
    [InlineData(SpendGrouping.Team, "team-2=4|team-1=3")]
    public async Task Spend_groups_rows_as_asked_largest_cost_first(SpendGrouping groupBy, string expected)
    {
        await Store.WriteAsync(Settled("req_1", cost: 1m) with { Feature = "search", User = "alice", ServedModel = "model-a", KeyName = "key-1", Team = "team-1" });
        await Store.WriteAsync(Settled("req_2", cost: 2m) with { Feature = "search", User = "bob", ServedModel = "model-b", KeyName = "key-2", Team = "team-1" });
        await Store.WriteAsync(Settled("req_3", cost: 4m) with { Feature = "chat", User = "bob", ServedModel = "model-b", KeyName = "key-2", Team = "team-2" });

        var report = await SpendAsync(groupBy);

        Assert.Equal(expected, string.Join("|", report.Rows.Select(row => $"{row.Group}={row.CostUsd}")));
        Assert.Equal(SpendGroupings.Name(groupBy), report.GroupBy);
    }

    [Fact]
    public async Task Model_spend_falls_back_to_the_requested_model_when_none_served()
    {
        await Store.WriteAsync(Settled("req_failed", cost: null) with { RequestedModel = "gpt-4o", ServedModel = null, Status = 502, ErrorType = "upstream_error" });

        var spend = Assert.Single((await SpendAsync(SpendGrouping.Model)).Rows);

        Assert.Equal("gpt-4o", spend.Group);
    }

    [Fact]
    public async Task Rows_without_the_grouped_attribute_form_a_null_group()
    {
        await Store.WriteAsync(Settled("req_1") with { Team = null });

        var spend = Assert.Single((await SpendAsync(SpendGrouping.Team)).Rows);

        Assert.Null(spend.Group);
    }

    [Fact]
    public async Task Spend_sums_requests_and_tokens_per_group()
    {
        await Store.WriteAsync(Settled("req_1") with { InputTokens = 100, CachedInputTokens = 40, CacheWriteTokens = 30, OutputTokens = 10 });
        await Store.WriteAsync(Settled("req_2") with { InputTokens = 200, CachedInputTokens = 0, CacheWriteTokens = 5, OutputTokens = 30 });

        var spend = Assert.Single((await SpendAsync(SpendGrouping.Feature)).Rows);

        Assert.Equal((2L, 300L, 40L, 35L, 40L), (spend.Requests, spend.InputTokens, spend.CachedInputTokens, spend.CacheWriteTokens, spend.OutputTokens));
    }

    [Fact]
    public async Task Baseline_falls_back_to_the_cost_and_saved_is_baseline_minus_cost()
    {
        await Store.WriteAsync(Settled("req_cached") with { CostUsd = 1m, BaselineCostUsd = 3m });
        await Store.WriteAsync(Settled("req_no_baseline") with { CostUsd = 2m, BaselineCostUsd = null });

        var spend = Assert.Single((await SpendAsync(SpendGrouping.Feature)).Rows);

        Assert.Equal((3m, 5m, 2m), (spend.CostUsd, spend.BaselineCostUsd, spend.SavedUsd));
    }

    [Fact]
    public async Task Spend_from_a_time_leaves_out_earlier_rows_and_to_a_time_leaves_out_that_time_and_later()
    {
        await Store.WriteAsync(Settled("req_before", cost: 1m) with { Timestamp = Noon.AddTicks(-1) });
        await Store.WriteAsync(Settled("req_at", cost: 2m) with { Timestamp = Noon });
        await Store.WriteAsync(Settled("req_after", cost: 4m) with { Timestamp = Noon.AddHours(1) });
        await Store.WriteAsync(Settled("req_at_the_end", cost: 8m) with { Timestamp = Noon.AddHours(2) });

        var report = await SpendAsync(SpendGrouping.Feature, from: Noon, to: Noon.AddHours(2));
        var spend = Assert.Single(report.Rows);

        // req_at and req_after: not the row before the period, nor the one at its (excluded) end.
        Assert.Equal((2L, 6m), (spend.Requests, spend.CostUsd));
        Assert.Equal((2L, 6m), (report.Totals.Requests, report.Totals.CostUsd));
        Assert.Equal<DateTimeOffset?>([Noon, Noon.AddHours(2)], [report.From, report.To]);
    }

    [Fact]
    public async Task Spend_since_compares_instants_whatever_their_offset()
    {
        await Store.WriteAsync(Settled("req_1", cost: 1m) with { Timestamp = Noon });

        var since = Noon.ToOffset(TimeSpan.FromHours(-5)).AddMinutes(1);

        Assert.Empty((await SpendAsync(SpendGrouping.Feature, from: since)).Rows);
    }

    [Fact]
    public async Task Pending_rows_are_left_out_of_spend()
    {
        await Store.WriteAsync(Settled("req_settled", cost: 1m));
        await Store.WriteAsync(Pending("req_in_flight") with { InputTokens = 5_000, CostUsd = 9m });

        var report = await SpendAsync(SpendGrouping.Feature);
        var spend = Assert.Single(report.Rows);

        Assert.Equal((1L, 100L, 1m), (spend.Requests, spend.InputTokens, spend.CostUsd));
        Assert.Equal((1L, 0L), (report.Totals.Requests, report.Totals.UnpricedRequests));
    }

    [Fact]
    public async Task An_empty_period_has_no_rows_and_complete_totals_of_nothing()
    {
        var report = await SpendAsync(SpendGrouping.Feature);

        Assert.Empty(report.Rows);
        Assert.Equal((0L, null, true), (report.Totals.Requests, report.Totals.CostUsd, report.Totals.Complete));
    }

    [Fact]
    public async Task Unpriced_models_are_listed_with_their_requests_most_first()
    {
        await Store.WriteAsync(Settled("req_priced", cost: 0.5m));
        await Store.WriteAsync(Settled("req_llama_1", cost: null) with { RequestedModel = "llama-3-70b", ServedModel = null, Timestamp = Noon });
        await Store.WriteAsync(Settled("req_llama_2", cost: null) with { RequestedModel = "llama-3-70b", ServedModel = "llama-3-70b-instruct", Timestamp = Noon.AddHours(1) });
        await Store.WriteAsync(Settled("req_llama_3", cost: null) with { RequestedModel = "x", ServedModel = "llama-3-70b-instruct", Timestamp = Noon.AddHours(2) });
        await Store.WriteAsync(Pending("req_in_flight") with { RequestedModel = "in-flight-model" });

        // A request answered by a priced model after a first attempt at an unpriced one.
        await Store.WriteAsync(Settled("req_fallback", cost: 0.2m) with
        {
            Attempts = 2,
            AttemptRecords =
            [
                new AttemptRecord { Number = 1, Model = "mystery-model", Status = 200, InputTokens = 10, CostUsd = null },
                new AttemptRecord { Number = 2, Model = "gpt-4o-mini-2024-07-18", Status = 200, InputTokens = 10, CostUsd = 0.2m },
            ],
        });

        var models = await Store.GetUnpricedModelsAsync();

        Assert.Equal(
            [
                new UnpricedModel("llama-3-70b-instruct", 2, Noon.AddHours(2)),
                new UnpricedModel("llama-3-70b", 1, Noon),
                new UnpricedModel("mystery-model", 1, Noon),
            ],
            models);
    }

    [Fact]
    public async Task Hits_count_the_requests_answered_without_an_upstream_call_in_each_row_and_the_totals()
    {
        await Store.WriteAsync(Hit("req_exact", "hit", Levers.Exact, 0.4m) with { Feature = "search" });
        await Store.WriteAsync(Hit("req_semantic", "semantic-hit", Levers.Semantic, 0.2m) with { Feature = "search" });
        await Store.WriteAsync(Hit("req_coalesced", "coalesced", Levers.Coalesced, 0.1m) with { Feature = "chat" });
        await Store.WriteAsync(Settled("req_miss", cost: 1m) with { Feature = "search", CacheStatus = "miss" });
        await Store.WriteAsync(Settled("req_bypass", cost: 2m) with { Feature = "chat", CacheStatus = "bypass" });

        var report = await SpendAsync(SpendGrouping.Feature);

        Assert.Equal("chat:2:1 | search:3:2", string.Join(" | ", report.Rows.Select(row => $"{row.Group}:{row.Requests}:{row.Hits}")));
        Assert.Equal((5L, 3L), (report.Totals.Requests, report.Totals.Hits));
    }

    [Fact]
    public async Task Lever_spend_shows_each_cache_levers_hits_and_the_baseline_each_saved()
    {
        await Store.WriteAsync(Hit("req_exact_1", "hit", Levers.Exact, 0.4m));
        await Store.WriteAsync(Hit("req_exact_2", "hit", Levers.Exact, 0.5m));
        await Store.WriteAsync(Hit("req_semantic", "semantic-hit", Levers.Semantic, 0.2m));
        await Store.WriteAsync(Hit("req_coalesced", "coalesced", Levers.Coalesced, 0.3m));
        await Store.WriteAsync(Settled("req_routed", cost: 1m) with { BaselineCostUsd = 1.25m, Lever = Levers.Routing, Savings = [new LeverSaving(Levers.Routing, 0.25m)] });
        await Store.WriteAsync(Settled("req_plain", cost: 2m));

        var report = await SpendAsync(SpendGrouping.Lever);

        // group:requests:hits:cost:baseline:saved, largest saving first; a hit's row keeps the baseline it saved.
        Assert.Equal(
            "exact:2:2:0:0.9:0.9 | coalesced:1:1:0:0.3:0.3 | routing:1:0:1:1.25:0.25 | semantic:1:1:0:0.2:0.2 | -:1:0:2:2:0",
            string.Join(" | ", report.Rows.Select(row => $"{row.Group ?? "-"}:{row.Requests}:{row.Hits}:{row.CostUsd}:{row.BaselineCostUsd}:{row.SavedUsd}")));
        Assert.Equal((6L, 4L, 3m, 4.65m, 1.65m), (report.Totals.Requests, report.Totals.Hits, report.Totals.CostUsd, report.Totals.BaselineCostUsd, report.Totals.SavedUsd));
    }

    [Fact]
    public async Task A_hit_on_a_model_without_a_price_counts_under_its_lever_with_nothing_saved()
    {
        // Settlement cannot price the baseline of an unpriced model: the row costs nothing and names no saving.
        await Store.WriteAsync(Settled("req_unpriced_hit") with { CostUsd = 0m, BaselineCostUsd = null, CacheStatus = "hit", Savings = [], Attempts = 0 });
        await Store.WriteAsync(Hit("req_priced_hit", "hit", Levers.Exact, 0.4m));

        var report = await SpendAsync(SpendGrouping.Lever);

        var exact = Assert.Single(report.Rows);
        Assert.Equal((Levers.Exact, 2L, 2L, 0.4m), (exact.Group, exact.Requests, exact.Hits, exact.SavedUsd));
    }
}
