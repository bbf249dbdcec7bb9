using Microsoft.Extensions.Time.Testing;
using Tollgate.Core.Identity;
using Tollgate.Testing;

namespace Tollgate.Core.Tests.Identity;

/// <summary>
/// The resolver answers repeated lookups from memory for <see cref="VirtualKeyResolver.CacheLifetime"/>, so the hot
/// path does not query the database each call, and a change made by another process shows once that lifetime is over.
/// </summary>
public sealed class VirtualKeyResolverCacheTests : IAsyncLifetime
{
    private readonly TemporaryStorage _storage = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero));
    private CountingKeyStore _store = null!;
    private VirtualKeyResolver _resolver = null!;

    public Task InitializeAsync()
    {
        _store = new CountingKeyStore(_storage.Keys);
        _resolver = new VirtualKeyResolver(_store, _time);
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => _storage.DisposeAsync().AsTask();

    [Fact]
    public async Task Repeated_lookups_of_one_secret_reach_the_store_once()
    {
        var created = await _store.CreateAsync(new VirtualKeySpec("svc"));

        await _resolver.ResolveAsync(created.Secret, CancellationToken.None);
        _time.Advance(VirtualKeyResolver.CacheLifetime - TimeSpan.FromMilliseconds(1));
        var again = await _resolver.ResolveAsync(created.Secret, CancellationToken.None);

        Assert.Equal("svc", again?.Name);
        Assert.Equal(1, _store.Lookups);
    }

    [Fact]
    public async Task Several_secrets_are_remembered_side_by_side()
    {
        var first = await _store.CreateAsync(new VirtualKeySpec("first"));
        var second = await _store.CreateAsync(new VirtualKeySpec("second"));

        await _resolver.ResolveAsync(first.Secret, CancellationToken.None);
        await _resolver.ResolveAsync(second.Secret, CancellationToken.None);
        await _resolver.ResolveAsync(first.Secret, CancellationToken.None);

        Assert.Equal(2, _store.Lookups);
    }

    [Fact]
    public async Task A_key_revoked_by_another_process_is_refused_once_the_cache_lifetime_is_over()
    {
        var created = await _store.CreateAsync(new VirtualKeySpec("temp"));
        Assert.NotNull(await _resolver.ResolveAsync(created.Secret, CancellationToken.None));

        await _store.RevokeAsync("temp");
        _time.Advance(VirtualKeyResolver.CacheLifetime);

        Assert.Null(await _resolver.ResolveAsync(created.Secret, CancellationToken.None));
    }

    [Fact]
    public async Task A_key_created_by_another_process_puts_keys_in_use_once_the_cache_lifetime_is_over()
    {
        Assert.False(await _resolver.KeysInUseAsync(CancellationToken.None));
        Assert.False(await _resolver.KeysInUseAsync(CancellationToken.None));
        Assert.Equal(1, _store.InUseChecks);

        await _store.CreateAsync(new VirtualKeySpec("svc"));
        _time.Advance(VirtualKeyResolver.CacheLifetime);

        Assert.True(await _resolver.KeysInUseAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Keys_once_in_use_stay_in_use_without_asking_the_store_again()
    {
        await _store.CreateAsync(new VirtualKeySpec("svc"));
        Assert.True(await _resolver.KeysInUseAsync(CancellationToken.None));

        await _store.RevokeAsync("svc");
        _resolver.Invalidate();
        _time.Advance(TimeSpan.FromDays(1));

        Assert.True(await _resolver.KeysInUseAsync(CancellationToken.None));
        Assert.Equal(1, _store.InUseChecks);
    }

    [Fact]
    public async Task A_revocation_in_this_process_takes_effect_at_once()
    {
        var created = await _store.CreateAsync(new VirtualKeySpec("temp"));
        Assert.NotNull(await _resolver.ResolveAsync(created.Secret, CancellationToken.None));

        await _store.RevokeAsync("temp");
        _resolver.Invalidate();

        Assert.Null(await _resolver.ResolveAsync(created.Secret, CancellationToken.None));
    }

    [Fact]
    public async Task Made_up_secrets_cannot_grow_the_cache_past_its_bound()
    {
        // The bound is 10,000 remembered secrets: the 10,001st empties the cache, so the first is looked up again.
        for (var i = 0; i <= 10_000; i++)
        {
            await _resolver.ResolveAsync($"tg-made-up-{i}", CancellationToken.None);
        }

        await _resolver.ResolveAsync("tg-made-up-0", CancellationToken.None);

        Assert.Equal(10_002, _store.Lookups);
    }
}
