using Microsoft.Extensions.Time.Testing;
using Tollgate.Core.Budgets;
using Tollgate.Core.Ledger;
using Xunit;

namespace Tollgate.Testing.Contracts;

/// <summary>
/// What every budget backend must do (<see cref="IBudgetStore"/> for definitions, <see cref="IBudgetCounters"/> for
/// spend), written once and run against each implementation: derive a test class and implement <see cref="OpenAsync"/>.
/// The counters' part is in <c>BudgetStoreContract.Counters.cs</c>. xunit makes a new instance per test, so each test
/// starts from empty storage.
/// </summary>
public abstract partial class BudgetStoreContract : IAsyncLifetime
{
    /// <summary>Mid-morning of a Tuesday, UTC: the day's window started at midnight and resets at the next.</summary>
    protected static readonly DateTimeOffset Morning = new(2026, 12, 1, 9, 30, 0, TimeSpan.Zero);

    private BudgetStorage? _storage;

    /// <summary>The clock the counters' windows follow.</summary>
    protected FakeTimeProvider Time { get; } = new(Morning);

    /// <summary>The opening under test.</summary>
    protected BudgetStorage Storage => _storage!;

    /// <summary>
    /// Opens the backend on this test instance's storage (empty at first) with counters following <paramref name="time"/>
    /// and started from the ledger's record, as a gateway starting on that data would have them (a crashed process's
    /// pending rows already marked interrupted, as the gateway does before it serves).
    /// </summary>
    protected abstract ValueTask<BudgetStorage> OpenAsync(TimeProvider time);

    /// <summary>Removes this test's storage; called after the opening is closed.</summary>
    protected virtual ValueTask DeleteStorageAsync() => ValueTask.CompletedTask;

    public async Task InitializeAsync() => _storage = await OpenAsync(Time);

    public async Task DisposeAsync()
    {
        if (_storage is not null)
        {
            await _storage.Close();
        }

        await DeleteStorageAsync();
    }

    /// <summary>Closes the opening and opens the same data again, as a restarted gateway does.</summary>
    protected async Task RestartAsync()
    {
        await Storage.Close();
        _storage = null;
        _storage = await OpenAsync(Time);
    }

    protected static BudgetDefinition Budget(string id, decimal? limitUsd = 1m, BudgetPeriodKind period = BudgetPeriodKind.Day, string scope = "key:search-service", long? limitTokens = null) =>
        new()
        {
            Id = id,
            Scope = BudgetScope.TryParse(scope, out var parsed, out _) ? parsed : throw new ArgumentException(scope),
            Period = new BudgetPeriod(period, period == BudgetPeriodKind.Rolling ? TimeSpan.FromHours(1) : default),
            LimitUsd = limitUsd,
            LimitTokens = limitTokens,
        };

    [Fact]
    public async Task A_stored_budget_is_read_back_as_written()
    {
        var budget = Budget("search-daily") with
        {
            Name = "Search, per day",
            Model = "gpt-4o-mini",
            Provider = "openai",
            WarnAt = [0.25m, 0.9m],
            DegradeAt = 0.8m,
            DegradeModel = "gpt-4.1-nano",
            Block = false,
            LimitTokens = 50_000,
        };

        await Storage.Store.PutAsync(budget);

        Assert.Equal(BudgetDocument.From(budget).LimitUsd, (await Storage.Store.GetAsync("search-daily"))!.LimitUsd);
        var read = Assert.Single(await Storage.Store.ListAsync());
        Assert.Equal(budget.Id, read.Id);
        Assert.Equal(budget.Name, read.Name);
        Assert.Equal(budget.Scope, read.Scope);
        Assert.Equal(budget.Model, read.Model);
        Assert.Equal(budget.Provider, read.Provider);
        Assert.Equal(budget.Period.Kind, read.Period.Kind);
        Assert.Equal(budget.LimitTokens, read.LimitTokens);
        Assert.Equal(budget.WarnAt, read.WarnAt);
        Assert.Equal(budget.DegradeAt, read.DegradeAt);
        Assert.Equal(budget.DegradeModel, read.DegradeModel);
        Assert.False(read.Block);
        Assert.Null(await Storage.Store.GetAsync("no-such-budget"));
    }

    [Fact]
    public async Task A_replaced_budget_keeps_its_top_ups_and_a_deleted_one_loses_them()
    {
        await Storage.Store.PutAsync(Budget("credit", 5m, BudgetPeriodKind.None));
        Assert.Equal(2m, await Storage.Store.TopUpAsync("credit", 2m));
        Assert.Equal(2.5m, await Storage.Store.TopUpAsync("credit", 0.5m));

        await Storage.Store.PutAsync(Budget("credit", 6m, BudgetPeriodKind.None));
        var replaced = (await Storage.Store.GetAsync("credit"))!;

        Assert.Equal(6m, replaced.LimitUsd);
        Assert.Equal(8.5m, replaced.EffectiveLimitUsd);
        Assert.True(await Storage.Store.DeleteAsync("credit"));
        Assert.False(await Storage.Store.DeleteAsync("credit"));
        Assert.Empty(await Storage.Store.ListAsync());
        Assert.Empty(await Storage.Store.GetTopUpsAsync());
    }

    [Fact]
    public async Task Top_ups_of_a_budget_not_stored_here_are_kept_and_survive_a_restart()
    {
        await Storage.Store.TopUpAsync("configured-credit", 3m);
        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Storage.Store.TopUpAsync("configured-credit", 0.25m).AsTask()));

        await RestartAsync();

        Assert.Equal(8m, (await Storage.Store.GetTopUpsAsync())["configured-credit"]);
    }

    /// <summary>A settled ledger row of key <c>search-service</c> at <paramref name="at"/>.</summary>
    protected static LedgerEntry Row(string requestId, DateTimeOffset at, decimal cost, string model = "gpt-4o-mini", string? key = "search-service") => new()
    {
        RequestId = requestId,
        Timestamp = at,
        KeyName = key,
        Endpoint = "/v1/chat/completions",
        RequestedModel = model,
        ServedModel = model,
        InputTokens = 100,
        OutputTokens = 20,
        CostUsd = cost,
        BaselineCostUsd = cost,
        CacheStatus = "miss",
        Status = 200,
    };
}
