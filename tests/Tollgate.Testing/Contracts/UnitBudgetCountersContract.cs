using Microsoft.Extensions.Time.Testing;
using Tollgate.Core.Budgets;
using Tollgate.Core.Ledger;
using Xunit;

namespace Tollgate.Testing.Contracts;

/// <summary>
/// What every unit budget backend must do (<see cref="IUnitBudgetCounters"/>, started from the ledger through
/// <see cref="IUnitSpendHistory"/>), written once and run against each implementation: derive a test class and implement
/// <see cref="OpenAsync"/>. xunit makes a new instance per test, so each test starts from empty storage.
/// </summary>
public abstract class UnitBudgetCountersContract : IAsyncLifetime
{
    /// <summary>Mid-morning, UTC: the day's period started at midnight and resets at the next.</summary>
    protected static readonly DateTimeOffset Morning = new(2026, 12, 1, 9, 30, 0, TimeSpan.Zero);

    private static readonly UnitBudget Search = new("search", 2m, new BudgetPeriod(BudgetPeriodKind.Day), 3);

    private UnitBudgetStorage? _storage;

    /// <summary>The clock the periods follow.</summary>
    protected FakeTimeProvider Time { get; } = new(Morning);

    private UnitBudgetStorage Storage => _storage!;

    /// <summary>Opens the backend on this test instance's storage (empty at first) with counters following <paramref name="time"/>, started from its ledger.</summary>
    protected abstract ValueTask<UnitBudgetStorage> OpenAsync(TimeProvider time);

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

    [Fact]
    public async Task Calls_are_counted_with_their_cost_and_their_average_is_judged_after_the_minimum()
    {
        var first = await Storage.Counters.AddCallAsync(Search, "req_1", 0.004m);
        await Storage.Counters.AddCallAsync(Search, "req_2", 0m);
        var third = await Storage.Counters.AddCallAsync(Search, "req_3", 0.005m);

        Assert.Equal((1L, 0.004m, false), (first.Calls, first.SpentUsd, first.Exceeded));
        Assert.Equal((3L, 0.009m, 3m), (third.Calls, third.SpentUsd, third.UsdPer1000Calls!.Value));
        Assert.True(third.Exceeded);
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero), (await Storage.Counters.GetStateAsync(Search)).Window.ResetsAt);
    }

    [Fact]
    public async Task A_new_period_starts_at_zero()
    {
        await Storage.Counters.AddCallAsync(Search, "req_today", 0.5m);

        Time.Advance(TimeSpan.FromDays(1));

        var state = await Storage.Counters.GetStateAsync(Search);
        Assert.Equal((0L, 0m, (decimal?)null), (state.Calls, state.SpentUsd, state.UsdPer1000Calls));
    }

    [Fact]
    public async Task Counters_start_from_the_ledgers_calls_of_the_feature_in_the_current_period()
    {
        await Storage.Ledger.WriteAsync(Row("req_call", Morning.AddHours(-1), 0.003m, attempts: 1));
        await Storage.Ledger.WriteAsync(Row("req_hit", Morning.AddHours(-2), 0m, cacheStatus: "hit"));
        await Storage.Ledger.WriteAsync(Row("req_failed_call", Morning.AddHours(-3), 0.001m, attempts: 1, status: 500));
        await Storage.Ledger.WriteAsync(Row("req_refused", Morning.AddHours(-1), 0m, status: 402));
        await Storage.Ledger.WriteAsync(Row("req_refused_hit", Morning.AddHours(-1), 0m, cacheStatus: "hit", status: 402));
        await Storage.Ledger.WriteAsync(Row("req_yesterday", Morning.AddDays(-1), 0.5m, attempts: 1));
        await Storage.Ledger.WriteAsync(Row("req_other_feature", Morning.AddHours(-1), 0.5m, attempts: 1, feature: "chat"));
        await Storage.Ledger.WriteAsync(Row("req_embedding", Morning.AddHours(-1), 0.5m, attempts: 1, endpoint: "/v1/embeddings"));
        await Storage.Ledger.WriteAsync(Row("req_counting", Morning.AddMinutes(-1), 0.002m, attempts: 1));

        await RestartAsync();
        var state = await Storage.Counters.AddCallAsync(Search, "req_counting", 0.002m);

        // The call, the hit, the failed call that reached the provider, and the call being counted (once).
        Assert.Equal((4L, 0.006m), (state.Calls, state.SpentUsd));
    }

    /// <summary>Closes the opening and opens the same data again, as a restarted gateway does.</summary>
    private async Task RestartAsync()
    {
        await Storage.Close();
        _storage = null;
        _storage = await OpenAsync(Time);
    }

    private static LedgerEntry Row(string requestId, DateTimeOffset at, decimal cost, int attempts = 0, string cacheStatus = "miss", int status = 200, string feature = "search", string endpoint = "/v1/chat/completions") => new()
    {
        RequestId = requestId,
        Timestamp = at,
        Feature = feature,
        Endpoint = endpoint,
        RequestedModel = "gpt-4o-mini",
        ServedModel = "gpt-4o-mini",
        InputTokens = 100,
        OutputTokens = 20,
        CostUsd = cost,
        BaselineCostUsd = cost,
        CacheStatus = cacheStatus,
        Status = status,
        Attempts = attempts,
    };
}

/// <summary>One opening of a unit budget backend: its counters and the ledger they start from.</summary>
/// <param name="Counters">Calls and spend per unit budget.</param>
/// <param name="Ledger">The ledger the counters start from.</param>
/// <param name="Close">Closes the opening (not the data).</param>
public sealed record UnitBudgetStorage(IUnitBudgetCounters Counters, ILedgerStore Ledger, Func<ValueTask> Close);
