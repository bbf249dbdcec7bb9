using Tollgate.Core.Limits;
using Xunit;

namespace Tollgate.Testing.Contracts;

/// <summary>
/// What every <see cref="IRateLimitStore"/> must do, written once and run against each implementation: derive a test
/// class and implement <see cref="OpenStoreAsync"/>. Times are given to the store, so the GCRA arithmetic is checked
/// to the tick without waiting for a clock. xunit makes a new instance per test, so each test starts from an empty store.
/// </summary>
public abstract class RateLimitStoreContract : IAsyncLifetime
{
    protected static readonly DateTimeOffset Noon = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A unique rule name per test instance, so a store shared between tests (a Redis database) keeps them apart.</summary>
    private readonly string _prefix = "test-" + Guid.NewGuid().ToString("N") + "/";

    /// <summary>The store under test.</summary>
    protected IRateLimitStore Store { get; private set; } = null!;

    /// <summary>Opens the store (empty for the rules this test names).</summary>
    protected abstract ValueTask<IRateLimitStore> OpenStoreAsync();

    /// <summary>Closes the store; disposes it when it is disposable.</summary>
    protected virtual async ValueTask CloseStoreAsync(IRateLimitStore store)
    {
        switch (store)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync();
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }

    public async Task InitializeAsync() => Store = await OpenStoreAsync();

    public async Task DisposeAsync() => await CloseStoreAsync(Store);

    /// <summary>A bucket of this test: <paramref name="perMinute"/> units a minute, the burst the same unless given.</summary>
    protected RateLimitBucket Bucket(string rule, long perMinute, string value = "", long? burst = null, RateLimitUnit unit = RateLimitUnit.Requests) =>
        new(_prefix + rule, value, unit, perMinute, burst ?? perMinute);

    protected ValueTask<RateLimitDecision> TakeAsync(DateTimeOffset at, params RateLimitDemand[] demands) => Store.AcquireAsync(demands, at);

    protected ValueTask<RateLimitDecision> TakeAsync(RateLimitBucket bucket, long amount, DateTimeOffset at) => TakeAsync(at, new RateLimitDemand(bucket, amount));

    /// <summary>How many single units the bucket gives at <paramref name="at"/>, taking them (at most <paramref name="most"/>).</summary>
    protected async Task<int> DrainAsync(RateLimitBucket bucket, DateTimeOffset at, int most = 1000)
    {
        var taken = 0;
        while (taken < most && (await TakeAsync(bucket, 1, at)).IsAllowed)
        {
            taken++;
        }

        return taken;
    }

    [Fact]
    public async Task A_full_bucket_gives_its_burst_at_once_and_refuses_the_next_unit_until_one_interval_has_passed()
    {
        var bucket = Bucket("rpm", perMinute: 5);

        Assert.Equal(5, await DrainAsync(bucket, Noon));
        var refused = await TakeAsync(bucket, 1, Noon);

        Assert.False(refused.IsAllowed);
        Assert.Equal(0, refused.RefusedIndex);
        Assert.False(refused.NeverFits);
        Assert.Equal(TimeSpan.FromSeconds(12), refused.RetryAfter); // a minute over 5: one unit refills every 12 s
    }

    [Fact]
    public async Task A_bucket_refills_evenly_over_the_minute()
    {
        var bucket = Bucket("refill", perMinute: 6);
        Assert.Equal(6, await DrainAsync(bucket, Noon));

        Assert.Equal(0, await DrainAsync(bucket, Noon.AddSeconds(9.999)));
        Assert.Equal(1, await DrainAsync(bucket, Noon.AddSeconds(10)));
        Assert.Equal(3, await DrainAsync(bucket, Noon.AddSeconds(40)));
        Assert.Equal(6, await DrainAsync(bucket, Noon.AddMinutes(5))); // never more than the burst, however long it rests
    }

    [Fact]
    public async Task Retry_after_is_the_time_until_enough_units_have_refilled_for_the_amount_asked()
    {
        var tokens = Bucket("tpm", perMinute: 600, unit: RateLimitUnit.Tokens);
        Assert.True((await TakeAsync(tokens, 600, Noon)).IsAllowed);

        var refused = await TakeAsync(tokens, 150, Noon.AddSeconds(5));

        Assert.False(refused.IsAllowed);
        Assert.Equal(TimeSpan.FromSeconds(10), refused.RetryAfter); // 150 tokens refill in 15 s, 5 of them already passed
        Assert.True((await TakeAsync(tokens, 150, Noon.AddSeconds(15))).IsAllowed);
    }

    [Fact]
    public async Task A_smaller_burst_than_the_minute_limits_what_may_be_taken_at_once()
    {
        var bucket = Bucket("burst", perMinute: 60, burst: 3);

        Assert.Equal(3, await DrainAsync(bucket, Noon));
        Assert.Equal(TimeSpan.FromSeconds(1), (await TakeAsync(bucket, 1, Noon)).RetryAfter);
    }

    [Fact]
    public async Task An_amount_larger_than_the_burst_never_fits_and_takes_nothing()
    {
        var tokens = Bucket("too-large", perMinute: 100, unit: RateLimitUnit.Tokens);

        var refused = await TakeAsync(tokens, 101, Noon);

        Assert.False(refused.IsAllowed);
        Assert.True(refused.NeverFits);
        Assert.True((await TakeAsync(tokens, 100, Noon)).IsAllowed);
    }

    [Fact]
    public async Task A_refusal_by_one_bucket_takes_nothing_from_the_others()
    {
        var requests = Bucket("all-or-none/requests", perMinute: 10);
        var tokens = Bucket("all-or-none/tokens", perMinute: 100, unit: RateLimitUnit.Tokens);
        Assert.True((await TakeAsync(tokens, 100, Noon)).IsAllowed);

        var refused = await TakeAsync(Noon, new(requests, 1), new(tokens, 50));

        Assert.False(refused.IsAllowed);
        Assert.Equal(1, refused.RefusedIndex);
        Assert.Equal(10, await DrainAsync(requests, Noon)); // the refused request's unit was not kept
    }

    [Fact]
    public async Task All_buckets_are_taken_together_when_each_has_room()
    {
        var requests = Bucket("together/requests", perMinute: 3);
        var tokens = Bucket("together/tokens", perMinute: 100, unit: RateLimitUnit.Tokens);

        Assert.True((await TakeAsync(Noon, new(requests, 1), new(tokens, 40))).IsAllowed);

        Assert.Equal(2, await DrainAsync(requests, Noon));
        Assert.True((await TakeAsync(tokens, 60, Noon)).IsAllowed);
        Assert.False((await TakeAsync(tokens, 1, Noon)).IsAllowed);
    }

    [Fact]
    public async Task The_refusal_names_the_bucket_that_waits_longest()
    {
        var short1 = Bucket("longest/short", perMinute: 60);
        var long1 = Bucket("longest/long", perMinute: 2);
        await DrainAsync(short1, Noon);
        await DrainAsync(long1, Noon);

        var refused = await TakeAsync(Noon, new(short1, 1), new(long1, 1));

        Assert.Equal(1, refused.RefusedIndex);
        Assert.Equal(TimeSpan.FromSeconds(30), refused.RetryAfter);
    }

    [Fact]
    public async Task Each_value_of_a_rule_has_an_allowance_of_its_own()
    {
        Assert.Equal(2, await DrainAsync(Bucket("per-key", perMinute: 2, value: "backend"), Noon));

        Assert.Equal(2, await DrainAsync(Bucket("per-key", perMinute: 2, value: "frontend"), Noon));
        Assert.Equal(2, await DrainAsync(Bucket("per-team", perMinute: 2, value: "backend"), Noon));
    }

    [Fact]
    public async Task Giving_back_makes_room_for_what_was_not_used()
    {
        var tokens = Bucket("give-back", perMinute: 1000, unit: RateLimitUnit.Tokens);
        Assert.True((await TakeAsync(tokens, 1000, Noon)).IsAllowed);

        await Store.CorrectAsync(new RateLimitDemand(tokens, -600), Noon);

        Assert.True((await TakeAsync(tokens, 600, Noon)).IsAllowed);
        Assert.False((await TakeAsync(tokens, 1, Noon)).IsAllowed);
    }

    [Fact]
    public async Task Giving_back_never_makes_an_allowance_fuller_than_full()
    {
        var tokens = Bucket("not-fuller", perMinute: 100, unit: RateLimitUnit.Tokens);
        Assert.True((await TakeAsync(tokens, 10, Noon)).IsAllowed);

        await Store.CorrectAsync(new RateLimitDemand(tokens, -1000), Noon);

        Assert.True((await TakeAsync(tokens, 100, Noon)).IsAllowed);
        Assert.False((await TakeAsync(tokens, 1, Noon)).IsAllowed);
    }

    [Fact]
    public async Task Taking_more_at_settlement_is_never_refused_and_later_requests_wait_for_it()
    {
        var tokens = Bucket("take-more", perMinute: 100, unit: RateLimitUnit.Tokens);
        Assert.True((await TakeAsync(tokens, 50, Noon)).IsAllowed);

        await Store.CorrectAsync(new RateLimitDemand(tokens, 100), Noon); // the request used 150

        var refused = await TakeAsync(tokens, 1, Noon);
        Assert.Equal(TimeSpan.FromSeconds(30.6), refused.RetryAfter); // 151 tokens of a 100-token minute: 51 too many, at 0.6 s each
        Assert.True((await TakeAsync(tokens, 100, Noon.AddSeconds(90))).IsAllowed);
    }

    [Fact]
    public async Task A_bucket_left_alone_for_its_window_is_full_again()
    {
        var bucket = Bucket("idle", perMinute: 4);
        await DrainAsync(bucket, Noon);
        await Store.CorrectAsync(new RateLimitDemand(bucket, 4), Noon); // overdrawn by a whole minute more

        Assert.Equal(0, await DrainAsync(bucket, Noon.AddSeconds(59)));
        Assert.Equal(4, await DrainAsync(bucket, Noon.AddMinutes(2)));
    }

    [Fact]
    public async Task An_amount_of_zero_is_always_taken()
    {
        var tokens = Bucket("zero", perMinute: 10, unit: RateLimitUnit.Tokens);
        Assert.True((await TakeAsync(tokens, 10, Noon)).IsAllowed);

        Assert.True((await TakeAsync(tokens, 0, Noon)).IsAllowed);
    }

    [Fact]
    public async Task A_changed_limit_applies_to_the_allowance_already_used()
    {
        Assert.Equal(2, await DrainAsync(Bucket("changed", perMinute: 2), Noon)); // a minute's worth used

        // Half a minute later, half of it has refilled: 1 request at the old limit, 2 at a limit of 4 a minute.
        Assert.Equal(2, await DrainAsync(Bucket("changed", perMinute: 4), Noon.AddSeconds(30)));
    }

    [Fact]
    public async Task Dollars_counted_in_micro_dollars_refill_to_the_micro_dollar()
    {
        var usd = Bucket("usd", perMinute: RateLimitAmounts.Micros(0.06m), unit: RateLimitUnit.Usd); // 6 cents a minute

        Assert.True((await TakeAsync(usd, RateLimitAmounts.Micros(0.05m), Noon)).IsAllowed);
        var refused = await TakeAsync(usd, RateLimitAmounts.Micros(0.02m), Noon);

        Assert.Equal(TimeSpan.FromSeconds(10), refused.RetryAfter);
    }

    [Fact]
    public async Task Concurrent_requests_never_take_more_than_the_burst()
    {
        var requests = Bucket("concurrent/requests", perMinute: 50);
        var tokens = Bucket("concurrent/tokens", perMinute: 1_000_000, unit: RateLimitUnit.Tokens);

        var decisions = await Task.WhenAll(Enumerable.Range(0, 400).Select(_ => Task.Run(async () => await TakeAsync(Noon, new(tokens, 10), new(requests, 1)))));

        Assert.Equal(50, decisions.Count(decision => decision.IsAllowed));
        Assert.True((await TakeAsync(tokens, 1_000_000 - 500, Noon)).IsAllowed); // only the allowed requests' tokens were kept
        Assert.False((await TakeAsync(tokens, 1, Noon)).IsAllowed);
    }
}
