using Tollgate.Core.Tiers;
using Xunit;

namespace Tollgate.Testing.Contracts;

/// <summary>
/// What every <see cref="IUserTierStore"/> must do, written once and run against each implementation: derive a test
/// class and implement <see cref="OpenStoreAsync"/>. xunit makes a new instance per test, so each test starts from empty
/// storage.
/// </summary>
public abstract class UserTierStoreContract : StoreContract<IUserTierStore>
{
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
}
