using Microsoft.Extensions.Time.Testing;
using Tollgate.Providers.Simulation.PromptCaching;

namespace Tollgate.Providers.Tests.Simulation.PromptCaching;

public sealed class PromptCacheStoreTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void An_entry_is_read_until_its_ttl_passes_unused()
    {
        var store = new PromptCacheStore(10, _time);
        store.Write(1, TimeSpan.FromMinutes(5));

        _time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromTicks(1));
        var justBefore = store.TryRead(1);
        _time.Advance(TimeSpan.FromMinutes(5));
        var after = store.TryRead(1);

        Assert.True(justBefore);
        Assert.False(after);
        Assert.Equal(0, store.Count);
    }

    [Fact]
    public void A_read_starts_the_ttl_again()
    {
        var store = new PromptCacheStore(10, _time);
        store.Write(1, TimeSpan.FromMinutes(5));

        _time.Advance(TimeSpan.FromMinutes(4));
        Assert.True(store.TryRead(1));
        _time.Advance(TimeSpan.FromMinutes(4));

        Assert.True(store.TryRead(1));
    }

    [Fact]
    public void A_shorter_write_keeps_the_longer_ttl_of_a_live_entry()
    {
        var store = new PromptCacheStore(10, _time);
        store.Write(1, TimeSpan.FromHours(1));

        store.Write(1, TimeSpan.FromMinutes(5));
        _time.Advance(TimeSpan.FromMinutes(30));

        Assert.True(store.TryRead(1));
    }

    [Fact]
    public void The_least_recently_used_entry_goes_first_when_the_store_is_full()
    {
        var store = new PromptCacheStore(2, _time);
        store.Write(1, TimeSpan.FromMinutes(5));
        store.Write(2, TimeSpan.FromMinutes(5));
        Assert.True(store.TryRead(1));

        store.Write(3, TimeSpan.FromMinutes(5));

        Assert.Equal(2, store.Count);
        Assert.True(store.TryRead(1));
        Assert.False(store.TryRead(2));
        Assert.True(store.TryRead(3));
    }

    [Fact]
    public async Task Concurrent_calls_never_hold_more_entries_than_the_capacity()
    {
        var store = new PromptCacheStore(100, _time);

        await Parallel.ForAsync(0, 20_000, (i, _) =>
        {
            store.Write((UInt128)(i % 500), TimeSpan.FromMinutes(5));
            store.TryRead((UInt128)((i * 7) % 500));
            return ValueTask.CompletedTask;
        });

        Assert.Equal(100, store.Count);
    }
}
