using Tollgate.Core.Budgets;
using Tollgate.Core.Ledger;
using Xunit;

namespace Tollgate.Testing.Contracts;

public abstract partial class BudgetStoreContract
{
    private static readonly BudgetCharge Cent = new(0.01m, 100);

    [Fact]
    public async Task A_reservation_holds_against_every_budget_that_applies()
    {
        var daily = Budget("daily");
        var monthly = Budget("monthly", 10m, BudgetPeriodKind.Month, scope: "global");

        var outcome = await Storage.Counters.TryReserveAsync([daily, monthly], Cent);

        Assert.NotNull(outcome.Reservation);
        Assert.Equal(0.99m, outcome.Reservation.RemainingUsd);
        Assert.Equal(Cent, (await Storage.Counters.GetStateAsync(daily)).Reserved);
        Assert.Equal(Cent, (await Storage.Counters.GetStateAsync(monthly)).Reserved);
    }

    [Fact]
    public async Task A_reservation_one_budget_refuses_holds_nothing_in_the_others()
    {
        var roomy = Budget("roomy", 10m);
        var tight = Budget("tight", 0.015m);
        Assert.NotNull((await Storage.Counters.TryReserveAsync([tight], Cent)).Reservation);

        var outcome = await Storage.Counters.TryReserveAsync([roomy, tight], Cent);

        Assert.Null(outcome.Reservation);
        Assert.Equal("tight", outcome.RefusedBy!.Budget.Id);
        Assert.Equal(0.005m, outcome.RefusedBy.RemainingUsd);
        Assert.Equal(BudgetCharge.Zero, (await Storage.Counters.GetStateAsync(roomy)).Reserved);
    }

    [Fact]
    public async Task Settling_replaces_the_reservation_by_the_actual_cost_once()
    {
        var budget = Budget("daily");
        var reservation = (await Storage.Counters.TryReserveAsync([budget], new BudgetCharge(0.2m, 1000))).Reservation!;

        await Storage.Counters.SettleAsync(reservation, new BudgetCharge(0.05m, 300));
        await Storage.Counters.SettleAsync(reservation, new BudgetCharge(0.05m, 300));
        await Storage.Counters.ReleaseAsync(reservation);

        var state = await Storage.Counters.GetStateAsync(budget);
        Assert.Equal(new BudgetCharge(0.05m, 300), state.Spent);
        Assert.Equal(BudgetCharge.Zero, state.Reserved);
        Assert.Equal(0.95m, state.RemainingUsd);
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero), state.ResetsAt);
    }

    [Fact]
    public async Task Releasing_gives_the_whole_reservation_back()
    {
        var budget = Budget("daily", 0.01m);
        var first = (await Storage.Counters.TryReserveAsync([budget], Cent)).Reservation!;
        Assert.Null((await Storage.Counters.TryReserveAsync([budget], Cent)).Reservation);

        await Storage.Counters.ReleaseAsync(first);

        Assert.NotNull((await Storage.Counters.TryReserveAsync([budget], Cent)).Reservation);
        Assert.Equal(BudgetCharge.Zero, (await Storage.Counters.GetStateAsync(budget)).Spent);
    }

    [Fact]
    public async Task Concurrent_reservations_never_hold_more_than_the_limit()
    {
        var budget = Budget("daily", 0.2m);
        var other = Budget("team", 100m, scope: "team:core");

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(() => Storage.Counters.TryReserveAsync([other, budget], Cent).AsTask())));

        Assert.Equal(20, outcomes.Count(outcome => outcome.Reservation is not null));
        Assert.Equal(0.2m, (await Storage.Counters.GetStateAsync(budget)).Reserved.Usd);
        Assert.Equal(0.2m, (await Storage.Counters.GetStateAsync(other)).Reserved.Usd);
    }

    [Fact]
    public async Task A_token_limit_refuses_like_a_dollar_limit()
    {
        var budget = Budget("tokens", limitUsd: null, limitTokens: 250);

        Assert.NotNull((await Storage.Counters.TryReserveAsync([budget], Cent)).Reservation);
        Assert.NotNull((await Storage.Counters.TryReserveAsync([budget], Cent)).Reservation);
        var refused = await Storage.Counters.TryReserveAsync([budget], Cent);

        Assert.Equal(50, refused.RefusedBy!.RemainingTokens);
    }

    [Fact]
    public async Task A_per_request_budget_caps_each_request_alone()
    {
        var budget = Budget("per-request", 0.015m, BudgetPeriodKind.Request);

        Assert.NotNull((await Storage.Counters.TryReserveAsync([budget], Cent)).Reservation);
        Assert.NotNull((await Storage.Counters.TryReserveAsync([budget], Cent)).Reservation);
        Assert.NotNull((await Storage.Counters.TryReserveAsync([budget], Cent + Cent)).RefusedBy);
    }

    [Fact]
    public async Task A_budget_that_does_not_block_holds_but_never_refuses()
    {
        var budget = Budget("watch-only", 0.01m) with { Block = false };

        Assert.NotNull((await Storage.Counters.TryReserveAsync([budget], Cent)).Reservation);
        Assert.NotNull((await Storage.Counters.TryReserveAsync([budget], Cent)).Reservation);
        Assert.Equal(0.02m, (await Storage.Counters.GetStateAsync(budget)).Reserved.Usd);
    }

    [Fact]
    public async Task A_new_day_starts_from_zero_and_spend_settled_after_its_day_counts_in_none()
    {
        var budget = Budget("daily", 0.015m);
        var yesterday = (await Storage.Counters.TryReserveAsync([budget], Cent)).Reservation!;
        await Storage.Counters.SettleAsync((await Storage.Counters.TryReserveAsync([budget], new BudgetCharge(0.005m, 10))).Reservation!, new BudgetCharge(0.005m, 10));
        Assert.Null((await Storage.Counters.TryReserveAsync([budget], Cent)).Reservation);

        Time.SetUtcNow(new DateTimeOffset(2026, 12, 2, 0, 0, 1, TimeSpan.Zero));
        var state = await Storage.Counters.GetStateAsync(budget);
        Assert.Equal(BudgetCharge.Zero, state.Spent);
        Assert.Equal(Cent, state.Reserved); // still in flight
        await Storage.Counters.SettleAsync(yesterday, Cent);

        state = await Storage.Counters.GetStateAsync(budget);
        Assert.Equal(BudgetCharge.Zero, state.Spent);
        Assert.Equal(BudgetCharge.Zero, state.Reserved);
        Assert.Equal(new DateTimeOffset(2026, 12, 3, 0, 0, 0, TimeSpan.Zero), state.ResetsAt);
    }

    [Fact]
    public async Task A_calendar_day_follows_the_budgets_time_zone()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var budget = Budget("daily") with { Period = new BudgetPeriod(BudgetPeriodKind.Day, default, zone) };

        var state = await Storage.Counters.GetStateAsync(budget);

        // 09:30 UTC is 04:30 in New York: its day started at 05:00 UTC and ends at 05:00 UTC the next day.
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 5, 0, 0, TimeSpan.Zero), state.Window.Start);
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 5, 0, 0, TimeSpan.Zero), state.ResetsAt);
    }

    [Fact]
    public async Task A_rolling_window_forgets_spend_as_it_ages_out()
    {
        var budget = Budget("hourly-rolling", 0.015m, BudgetPeriodKind.Rolling);
        await Storage.Counters.SettleAsync((await Storage.Counters.TryReserveAsync([budget], Cent)).Reservation!, Cent);
        Assert.Null((await Storage.Counters.TryReserveAsync([budget], Cent)).Reservation);

        Time.Advance(TimeSpan.FromMinutes(61));

        Assert.NotNull((await Storage.Counters.TryReserveAsync([budget], Cent)).Reservation);
    }

    [Fact]
    public async Task A_prepaid_credit_never_resets_and_grows_with_top_ups()
    {
        var budget = Budget("credit", 0.01m, BudgetPeriodKind.None);
        await Storage.Counters.SettleAsync((await Storage.Counters.TryReserveAsync([budget], Cent)).Reservation!, Cent);
        Time.Advance(TimeSpan.FromDays(40));
        Assert.Null((await Storage.Counters.TryReserveAsync([budget], Cent)).Reservation);

        var toppedUp = budget with { TopUpUsd = 0.01m };

        Assert.NotNull((await Storage.Counters.TryReserveAsync([toppedUp], Cent)).Reservation);
        Assert.Null((await Storage.Counters.GetStateAsync(toppedUp)).ResetsAt);
    }

    [Fact]
    public async Task Each_warning_fraction_is_reported_once_when_spend_reaches_it()
    {
        var budget = Budget("daily", 0.04m);
        var crossed = new List<decimal>();
        for (var i = 0; i < 4; i++)
        {
            var reservation = (await Storage.Counters.TryReserveAsync([budget], Cent)).Reservation!;
            crossed.AddRange((await Storage.Counters.SettleAsync(reservation, Cent)).Select(crossing => crossing.Fraction));
        }

        Assert.Equal(new[] { 0.5m, 0.8m, 1.0m }, crossed);
    }

    [Fact]
    public async Task After_a_restart_the_counters_start_from_the_ledgers_spend_of_the_current_window()
    {
        await Storage.Ledger.WriteAsync(Row("req_today_1", Morning.AddHours(-1), 0.3m));
        await Storage.Ledger.WriteAsync(Row("req_today_2", Morning.AddHours(-2), 0.2m, model: "claude-haiku-4-5"));
        await Storage.Ledger.WriteAsync(Row("req_yesterday", Morning.AddDays(-1), 0.4m));
        await Storage.Ledger.WriteAsync(Row("req_other_key", Morning.AddHours(-1), 0.7m, key: "other-service"));

        await RestartAsync();

        Assert.Equal(new BudgetCharge(0.5m, 240), (await Storage.Counters.GetStateAsync(Budget("daily"))).Spent);
        Assert.Equal(0.3m, (await Storage.Counters.GetStateAsync(Budget("daily-openai") with { Provider = "openai" })).Spent.Usd);
        Assert.Equal(0.2m, (await Storage.Counters.GetStateAsync(Budget("daily-haiku") with { Model = "claude-haiku-4-5" })).Spent.Usd);
        Assert.Equal(1.2m, (await Storage.Counters.GetStateAsync(Budget("monthly", 10m, BudgetPeriodKind.Month, scope: "global"))).Spent.Usd);
    }

    [Fact]
    public async Task A_row_a_crashed_process_left_pending_counts_at_its_reservation_in_its_own_window_only()
    {
        var pending = Row("req_crashed", Morning.AddMinutes(-5), 0m) with { Status = 0, CostUsd = null, BaselineCostUsd = null, ReservedUsd = 0.25m, ReservedTokens = 900 };
        await Storage.Ledger.WriteAsync(pending);
        await Storage.Ledger.WriteAsync(Row("req_crashed_yesterday", Morning.AddDays(-1), 0m) with { Status = 0, CostUsd = null, ReservedUsd = 0.5m });

        await RestartAsync();

        Assert.Equal(new BudgetCharge(0.25m, 900), (await Storage.Counters.GetStateAsync(Budget("daily"))).Spent);
        Assert.Equal(BudgetCharge.Zero, (await Storage.Counters.GetStateAsync(Budget("daily"))).Reserved);
    }
}
