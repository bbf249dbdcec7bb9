using Tollgate.Core.Ledger;
using Xunit;

namespace Tollgate.Testing.Contracts;

/// <summary>
/// What every <see cref="ILedgerStore"/> must do, written once and run against each implementation: derive a
/// test class and implement <see cref="OpenStoreAsync"/>. xunit makes a new instance per test, so each test
/// starts from empty storage. How a row reads back, with its savings and attempt records, is in <c>LedgerStoreContract.Rows.cs</c>;
/// the spend report and the unpriced models in <c>LedgerStoreContract.Spend.cs</c>.
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
    public async Task An_unknown_cost_stays_null_in_the_row()
    {
        await Store.WriteAsync(Settled("req_unpriced", cost: null));

        var row = await Store.GetAsync("req_unpriced");

        Assert.Null(row!.CostUsd);
        Assert.Null(row.BaselineCostUsd);
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
