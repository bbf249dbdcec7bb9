using Tollgate.Core.Limits;
using Tollgate.Storage.Embedded.Limits;
using Tollgate.Testing.Contracts;
using Tollgate.Testing.Servers;

namespace Tollgate.Storage.Embedded.Tests;

public sealed class InMemoryRateLimitStoreTests : RateLimitStoreContract
{
    private readonly InMemoryRateLimitStore _store = new();

    protected override ValueTask<IRateLimitStore> OpenStoreAsync() => ValueTask.FromResult<IRateLimitStore>(_store);

    [Fact]
    public async Task A_sweep_forgets_the_buckets_at_rest_and_keeps_the_ones_in_use()
    {
        for (var i = 0; i < 100; i++)
        {
            await TakeAsync(Bucket("users", perMinute: 10, value: "user-" + i), 1, Noon);
        }

        await TakeAsync(Bucket("users", perMinute: 10, value: "busy"), 10, Noon.AddSeconds(50));

        _store.Sweep(Noon.AddSeconds(61));

        Assert.Equal(1, _store.Count);
        Assert.Equal(1, await DrainAsync(Bucket("users", perMinute: 10, value: "busy"), Noon.AddSeconds(61))); // what 11 s refilled, no more
    }

    [Fact]
    public async Task Requests_start_the_sweep_on_their_own_once_its_interval_has_passed()
    {
        for (var i = 0; i < 100; i++)
        {
            await TakeAsync(Bucket("keys", perMinute: 10, value: "key-" + i), 1, Noon);
        }

        var later = Noon + InMemoryRateLimitStore.SweepInterval + TimeSpan.FromMinutes(1);
        var late = Bucket("keys", perMinute: 10, value: "late");
        await TakeAsync(late, 1, later);

        // Only requests start a sweep (the first may still be running when the late one arrives): keep asking.
        await Poll.UntilAsync(
            async () =>
            {
                await TakeAsync(late, 0, later);
                return _store.Count == 1;
            },
            TimeSpan.FromSeconds(30),
            "the idle buckets to be swept");
    }
}
