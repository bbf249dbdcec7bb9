using Tollgate.Core.Tiers;
using Xunit;

namespace Tollgate.Testing.Contracts;

/// <summary>
/// What every <see cref="IUserTierStore"/> must do, written once and run against each implementation: derive a test
/// class and implement <see cref="OpenStoreAsync"/>. xunit makes a new instance per test, so each test starts from empty
/// storage.
/// </summary>
public abstract class UserTierStoreContract : IAsyncLifetime
{
    private readonly List<IUserTierStore> _opened = [];

    /// <summary>The store under test.</summary>
    protected IUserTierStore Store { get; private set; } = null!;

    /// <summary>
    /// Opens a store on this test instance's storage (empty at first). Each call must return an independent handle with
    /// its own connections onto the same data, as a second process would have.
    /// </summary>
    protected abstract ValueTask<IUserTierStore> OpenStoreAsync();

    /// <summary>Removes this test's storage; called after every opened store is disposed.</summary>
    protected virtual ValueTask DeleteStorageAsync() => ValueTask.CompletedTask;

    public async Task InitializeAsync() => Store = await OpenAnotherStoreAsync();

    public async Task DisposeAsync()
    {
        for (var i = _opened.Count - 1; i >= 0; i--)
        {
            await CloseAsync(_opened[i]);
        }

        await DeleteStorageAsync();
    }

    [Fact]
    public async Task An_empty_store_gives_no_user_a_tier()
    {
        Assert.Empty(await Store.ListAsync());
        Assert.False(await Store.RemoveAsync("alice"));
    }

    [Fact]
    public async Task A_users_tier_is_kept_replaced_and_removed()
    {
        await Store.SetAsync("alice", "free");
        await Store.SetAsync("bob@example.com", "pro");
        await Store.SetAsync("alice", "pro");

        var tiers = await Store.ListAsync();
        Assert.Equal(2, tiers.Count);
        Assert.Equal(("pro", "pro"), (tiers["alice"], tiers["bob@example.com"]));

        Assert.True(await Store.RemoveAsync("alice"));
        Assert.False(await Store.RemoveAsync("alice"));
        Assert.Equal("bob@example.com", Assert.Single(await Store.ListAsync()).Key);
    }

    [Fact]
    public async Task Users_are_told_apart_exactly_as_the_ledger_records_them()
    {
        await Store.SetAsync("Alice", "pro");
        await Store.SetAsync("alice", "free");

        var tiers = await Store.ListAsync();

        Assert.Equal(("pro", "free"), (tiers["Alice"], tiers["alice"]));
    }

    [Fact]
    public async Task What_one_handle_stores_another_reads_as_a_second_process_would()
    {
        await Store.SetAsync("alice", "free");

        var other = await OpenAnotherStoreAsync();

        Assert.Equal("free", (await other.ListAsync())["alice"]);
        Assert.True(await other.RemoveAsync("alice"));
        Assert.Empty(await Store.ListAsync());
    }

    [Fact]
    public async Task A_name_that_is_no_tiers_is_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(async () => await Store.SetAsync("alice", "free tier"));
        await Assert.ThrowsAsync<ArgumentException>(async () => await Store.SetAsync("alice", string.Empty));
        Assert.Empty(await Store.ListAsync());
    }

    /// <summary>A second, independently opened store on the same data; disposed with the test.</summary>
    protected async Task<IUserTierStore> OpenAnotherStoreAsync()
    {
        var store = await OpenStoreAsync();
        _opened.Add(store);
        return store;
    }

    private static async ValueTask CloseAsync(IUserTierStore store)
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
}
