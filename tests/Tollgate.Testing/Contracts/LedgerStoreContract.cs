using Tollgate.Core.Ledger;
using Xunit;

namespace Tollgate.Testing.Contracts;

/// <summary>
/// What every <see cref="ILedgerStore"/> must do, written once and run against each implementation: derive a
/// test class and implement <see cref="OpenStoreAsync"/>. xunit makes a new instance per test, so each test
/// starts from empty storage. How a row reads back, with its savings and attempt records, is in <c>LedgerStoreContract.Rows.cs</c>.
/// </summary>
public abstract partial class LedgerStoreContract : IAsyncLifetime
{
    protected static readonly DateTimeOffset Noon = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly List<ILedgerStore> _opened = [];

    /// <summary>The store under test.</summary>
    protected ILedgerStore Store { get; private set; } = null!;

    /// <summary>
    /// Opens a store on this test instance's storage (empty at first). Each call must return an independent
    /// handle with its own connections onto the same data, as a second process would have.
    /// </summary>
    protected abstract ValueTask<ILedgerStore> OpenStoreAsync();

    /// <summary>Removes this test's storage; called after every opened store is disposed.</summary>
    protected virtual ValueTask DeleteStorageAsync() => ValueTask.CompletedTask;

    public async Task InitializeAsync() => Store = await OpenAnotherStoreAsync();

    public async Task DisposeAsync()
    {
        for (var i = _opened.Count - 1; i >= 0; i--)
        {
            if (_opened[i] is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }
        }

        await DeleteStorageAsync();
    }

    /// <summary>A second, independently opened store on the same data; disposed with the test.</summary>
    protected async Task<ILedgerStore> OpenAnotherStoreAsync()
    {
        var store = await OpenStoreAsync();
        _opened.Add(store);
        return store;
    }

    /// <summary>A settled, successful call with plausible values.</summary>
    protected static LedgerEntry Settled(string requestId, decimal? cost = 0.01m) => new()
    {
        RequestId = requestId,
        Timestamp = Noon,
        KeyName = "backend",
        User = "alice",
        Feature = "search",
        Team = "core",
        Endpoint = "/v1/chat/completions",
        Provider = "openai",
        RequestedModel = "gpt-4o-mini",
        ServedModel = "gpt-4o-mini-2024-07-18",
        InputTokens = 100,
        OutputTokens = 20,
        CostUsd = cost,
        BaselineCostUsd = cost,
        CacheStatus = "miss",
        LatencyMs = 12.5,
        Status = 200,
        Attempts = 1,
    };

    /// <summary>A request written before its upstream call, not yet settled.</summary>
    protected static LedgerEntry Pending(string requestId) => Settled(requestId, cost: null) with
    {
        ServedModel = null,
        OutputTokens = 0,
        LatencyMs = 0,
        Status = 0,
        Attempts = 0,
    };

    [Fact]
    public async Task Getting_an_unknown_request_returns_null()
    {
        await Store.WriteAsync(Settled("req_known"));

        Assert.Null(await Store.GetAsync("req_unknown"));
    }

    [Fact]
    public async Task Writing_a_request_again_replaces_its_pending_row()
    {
        await Store.WriteAsync(Pending("req_1"));
        var settled = Settled("req_1", cost: 0.25m);

        await Store.WriteAsync(settled);

        Assert.Equal(settled, await Store.GetAsync("req_1"));
        Assert.Equal(1, await Store.CountAsync());
    }

    [Fact]
    public async Task Count_counts_every_row()
    {
        await Store.WriteAsync(Settled("req_1"));
        await Store.WriteAsync(Settled("req_2"));
        await Store.WriteAsync(Pending("req_3"));

        Assert.Equal(3, await Store.CountAsync());
    }

    [Fact]
    public async Task A_tiny_cost_round_trips_exactly()
    {
        await Store.WriteAsync(Settled("req_tiny") with { CostUsd = 0.000000123456789m, BaselineCostUsd = 79_228_162.514264337593543950335m });

        var row = await Store.GetAsync("req_tiny");

        Assert.Equal(0.000000123456789m, row!.CostUsd);
        Assert.Equal(79_228_162.514264337593543950335m, row.BaselineCostUsd);
    }

    [Fact]
    public async Task Sums_of_many_tiny_costs_are_exact()
    {
        // More significant digits than a double holds: summed as doubles, these come out rounded.
        await Task.WhenAll(Enumerable.Range(0, 1_000).Select(i =>
            Store.WriteAsync(Settled($"req_{i}") with { CostUsd = 0.0000001234567890123456789m, BaselineCostUsd = 0.100000000000000001m }).AsTask()));

        var spend = Assert.Single(await Store.GetSpendAsync(SpendGrouping.Feature, since: null));

        Assert.Equal(0.0001234567890123456789m, spend.CostUsd);
        Assert.Equal(100.000000000000001m, spend.BaselineCostUsd);
        Assert.Equal(100.000000000000001m - 0.0001234567890123456789m, spend.SavedUsd);
    }

    [Fact]
    public async Task An_unknown_cost_stays_null_in_the_row()
    {
        await Store.WriteAsync(Settled("req_unpriced", cost: null));

        var row = await Store.GetAsync("req_unpriced");

        Assert.Null(row!.CostUsd);
        Assert.Null(row.BaselineCostUsd);
    }

    [Fact]
    public async Task An_unknown_cost_counts_as_nothing_in_spend_but_its_request_counts()
    {
        await Store.WriteAsync(Settled("req_priced", cost: 0.5m));
        await Store.WriteAsync(Settled("req_unpriced", cost: null));

        var spend = Assert.Single(await Store.GetSpendAsync(SpendGrouping.Feature, since: null));

        Assert.Equal(2, spend.Requests);
        Assert.Equal(0.5m, spend.CostUsd);
        Assert.Null((await Store.GetAsync("req_unpriced"))!.CostUsd);
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

        var spend = await Store.GetSpendAsync(groupBy, since: null);

        Assert.Equal(expected, string.Join("|", spend.Select(row => $"{row.Group}={row.CostUsd}")));
    }

    [Fact]
    public async Task Model_spend_falls_back_to_the_requested_model_when_none_served()
    {
        await Store.WriteAsync(Settled("req_failed", cost: null) with { RequestedModel = "gpt-4o", ServedModel = null, Status = 502, ErrorType = "upstream_error" });

        var spend = Assert.Single(await Store.GetSpendAsync(SpendGrouping.Model, since: null));

        Assert.Equal("gpt-4o", spend.Group);
    }

    [Fact]
    public async Task Rows_without_the_grouped_attribute_form_a_null_group()
    {
        await Store.WriteAsync(Settled("req_1") with { Team = null });

        var spend = Assert.Single(await Store.GetSpendAsync(SpendGrouping.Team, since: null));

        Assert.Null(spend.Group);
    }

    [Fact]
    public async Task Spend_sums_requests_and_tokens_per_group()
    {
        await Store.WriteAsync(Settled("req_1") with { InputTokens = 100, CachedInputTokens = 40, OutputTokens = 10 });
        await Store.WriteAsync(Settled("req_2") with { InputTokens = 200, CachedInputTokens = 0, OutputTokens = 30 });

        var spend = Assert.Single(await Store.GetSpendAsync(SpendGrouping.Feature, since: null));

        Assert.Equal((2L, 300L, 40L, 40L), (spend.Requests, spend.InputTokens, spend.CachedInputTokens, spend.OutputTokens));
    }

    [Fact]
    public async Task Baseline_falls_back_to_the_cost_and_saved_is_baseline_minus_cost()
    {
        await Store.WriteAsync(Settled("req_cached") with { CostUsd = 1m, BaselineCostUsd = 3m });
        await Store.WriteAsync(Settled("req_no_baseline") with { CostUsd = 2m, BaselineCostUsd = null });

        var spend = Assert.Single(await Store.GetSpendAsync(SpendGrouping.Feature, since: null));

        Assert.Equal((3m, 5m, 2m), (spend.CostUsd, spend.BaselineCostUsd, spend.SavedUsd));
    }

    [Fact]
    public async Task Spend_since_a_time_leaves_out_earlier_rows()
    {
        await Store.WriteAsync(Settled("req_before", cost: 1m) with { Timestamp = Noon.AddTicks(-1) });
        await Store.WriteAsync(Settled("req_at", cost: 2m) with { Timestamp = Noon });
        await Store.WriteAsync(Settled("req_after", cost: 4m) with { Timestamp = Noon.AddHours(1) });

        var spend = Assert.Single(await Store.GetSpendAsync(SpendGrouping.Feature, since: Noon));

        Assert.Equal((2L, 6m), (spend.Requests, spend.CostUsd));
    }

    [Fact]
    public async Task Spend_since_compares_instants_whatever_their_offset()
    {
        await Store.WriteAsync(Settled("req_1", cost: 1m) with { Timestamp = Noon });

        var since = Noon.ToOffset(TimeSpan.FromHours(-5)).AddMinutes(1);

        Assert.Empty(await Store.GetSpendAsync(SpendGrouping.Feature, since));
    }

    [Fact]
    public async Task Pending_rows_are_left_out_of_spend()
    {
        await Store.WriteAsync(Settled("req_settled", cost: 1m));
        await Store.WriteAsync(Pending("req_in_flight") with { InputTokens = 5_000, CostUsd = 9m });

        var spend = Assert.Single(await Store.GetSpendAsync(SpendGrouping.Feature, since: null));

        Assert.Equal((1L, 100L, 1m), (spend.Requests, spend.InputTokens, spend.CostUsd));
    }

    [Fact]
    public async Task Recovery_marks_pending_rows_as_interrupted_and_leaves_others_alone()
    {
        var settled = Settled("req_settled");
        var failedEarly = Pending("req_rejected") with { ErrorType = "invalid_request" };
        await Store.WriteAsync(Pending("req_in_flight"));
        await Store.WriteAsync(settled);
        await Store.WriteAsync(failedEarly);

        var recovered = await Store.RecoverInterruptedAsync();

        Assert.Equal(1, recovered);
        Assert.Equal(Pending("req_in_flight") with { ErrorType = "gateway_interrupted" }, await Store.GetAsync("req_in_flight"));
        Assert.Equal(settled, await Store.GetAsync("req_settled"));
        Assert.Equal(failedEarly, await Store.GetAsync("req_rejected"));
    }

    [Fact]
    public async Task Recovering_again_finds_nothing_left_to_mark()
    {
        await Store.WriteAsync(Pending("req_in_flight"));
        await Store.RecoverInterruptedAsync();

        Assert.Equal(0, await Store.RecoverInterruptedAsync());
    }

    [Fact]
    public async Task Concurrent_writes_are_all_committed_and_visible_from_another_store()
    {
        const int Writers = 8;
        const int WritesEach = 250;
        var expected = Settled("req_3_125", cost: 0.003125m);

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < WritesEach; i++)
            {
                await Store.WriteAsync(Settled($"req_{writer}_{i}", cost: (writer * 1_000 + i) / 1_000_000m));
            }
        })));

        var other = await OpenAnotherStoreAsync();

        Assert.Equal(Writers * WritesEach, await other.CountAsync());
        Assert.Equal(expected, await other.GetAsync("req_3_125"));
    }
}
