using Microsoft.Extensions.Time.Testing;
using Tollgate.Core.Identity;
using Xunit;

namespace Tollgate.Testing.Contracts;

/// <summary>
/// What every <see cref="IVirtualKeyStore"/> must do, written once and run against each implementation: derive
/// a test class and implement <see cref="OpenStoreAsync"/>. Each test starts from empty storage.
/// </summary>
/// <remarks>
/// Name rules every implementation shares: a name is not blank, has at most 100 characters and no control
/// characters (else <see cref="ArgumentException"/>), and no two active keys share one
/// (else <see cref="VirtualKeyNameTakenException"/>). Keys are in use from the first one created, for good.
/// </remarks>
public abstract partial class VirtualKeyStoreContract : IAsyncLifetime
{
    private readonly List<IVirtualKeyStore> _opened = [];

    /// <summary>The clock the stores are opened with.</summary>
    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero));

    /// <summary>The store under test.</summary>
    protected IVirtualKeyStore Store { get; private set; } = null!;

    /// <summary>
    /// Opens a store on this test instance's storage (empty at first) with the given clock. Each call must
    /// return an independent handle onto the same data, as another process would have.
    /// </summary>
    protected abstract ValueTask<IVirtualKeyStore> OpenStoreAsync(TimeProvider time);

    /// <summary>Removes this test's storage; called after every opened store is disposed.</summary>
    protected virtual ValueTask DeleteStorageAsync() => ValueTask.CompletedTask;

    public async Task InitializeAsync() => Store = await OpenAnotherStoreAsync();

    public async Task DisposeAsync()
    {
        for (var i = _opened.Count - 1; i >= 0; i--)
        {
            switch (_opened[i])
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync();
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }

        await DeleteStorageAsync();
    }

    /// <summary>A second, independently opened store on the same data; disposed with the test.</summary>
    protected async Task<IVirtualKeyStore> OpenAnotherStoreAsync()
    {
        var store = await OpenStoreAsync(Time);
        _opened.Add(store);
        return store;
    }

    [Fact]
    public async Task A_created_key_carries_its_name_attribution_and_creation_time()
    {
        var created = await Store.CreateAsync(new VirtualKeySpec("backend", User: "alice", Feature: "search", Team: "core"));

        Assert.Equal(
            ("backend", "alice", "search", "core", Time.GetUtcNow(), (DateTimeOffset?)null),
            (created.Key.Name, created.Key.User, created.Key.Feature, created.Key.Team, created.Key.CreatedAt, created.Key.RevokedAt));
    }

    [Fact]
    public async Task A_created_secret_is_a_virtual_key_shown_only_by_its_prefix()
    {
        var created = await Store.CreateAsync(new VirtualKeySpec("backend"));

        Assert.True(VirtualKeySecret.LooksLikeVirtualKey(created.Secret));
        Assert.Equal(VirtualKeySecret.DisplayPrefix(created.Secret), created.Key.Prefix);
        Assert.NotEqual(created.Secret, created.Key.Prefix);
    }

    [Fact]
    public async Task Each_key_gets_its_own_id_and_secret()
    {
        var first = await Store.CreateAsync(new VirtualKeySpec("first"));
        var second = await Store.CreateAsync(new VirtualKeySpec("second"));

        Assert.NotEqual(first.Key.Id, second.Key.Id);
        Assert.NotEqual(first.Secret, second.Secret);
    }

    [Fact]
    public async Task A_key_is_found_by_the_hash_of_its_secret()
    {
        var created = await Store.CreateAsync(new VirtualKeySpec("backend", Team: "core"));

        Assert.Equal(created.Key, await Store.FindByHashAsync(VirtualKeySecret.Hash(created.Secret)));
    }

    [Fact]
    public async Task An_unknown_hash_finds_no_key()
    {
        var created = await Store.CreateAsync(new VirtualKeySpec("backend"));

        Assert.Null(await Store.FindByHashAsync(VirtualKeySecret.Hash(created.Secret + "x")));
    }

    [Fact]
    public async Task The_secret_itself_finds_no_key()
    {
        var created = await Store.CreateAsync(new VirtualKeySpec("backend"));

        Assert.Null(await Store.FindByHashAsync(created.Secret));
    }

    [Fact]
    public async Task A_key_created_through_one_store_is_found_through_another()
    {
        var created = await Store.CreateAsync(new VirtualKeySpec("backend"));

        var other = await OpenAnotherStoreAsync();

        Assert.Equal(created.Key, await other.FindByHashAsync(VirtualKeySecret.Hash(created.Secret)));
    }

    [Fact]
    public async Task Listing_returns_every_key_revoked_ones_included()
    {
        var kept = await Store.CreateAsync(new VirtualKeySpec("kept"));
        Time.Advance(TimeSpan.FromMinutes(1));
        var revoked = await Store.CreateAsync(new VirtualKeySpec("revoked"));
        await Store.RevokeAsync("revoked");

        var keys = await Store.ListAsync();

        Assert.Equal([kept.Key, revoked.Key with { RevokedAt = Time.GetUtcNow() }], keys);
    }

    [Fact]
    public async Task Revoking_by_name_deactivates_the_key_and_records_when()
    {
        var created = await Store.CreateAsync(new VirtualKeySpec("backend"));
        Time.Advance(TimeSpan.FromHours(3));

        Assert.True(await Store.RevokeAsync("backend"));

        var key = await Store.FindByHashAsync(VirtualKeySecret.Hash(created.Secret));
        Assert.False(key!.IsActive);
        Assert.Equal(Time.GetUtcNow(), key.RevokedAt);
    }

    [Fact]
    public async Task Revoking_by_id_deactivates_the_key()
    {
        var created = await Store.CreateAsync(new VirtualKeySpec("backend"));

        Assert.True(await Store.RevokeAsync(created.Key.Id));

        Assert.False((await Store.FindByHashAsync(VirtualKeySecret.Hash(created.Secret)))!.IsActive);
    }

    [Fact]
    public async Task Revoking_an_unknown_key_returns_false()
    {
        await Store.CreateAsync(new VirtualKeySpec("backend"));

        Assert.False(await Store.RevokeAsync("frontend"));
    }

    [Fact]
    public async Task Revoking_an_already_revoked_key_returns_false_and_keeps_the_first_revocation_time()
    {
        var created = await Store.CreateAsync(new VirtualKeySpec("backend"));
        await Store.RevokeAsync("backend");
        var firstRevocation = Time.GetUtcNow();
        Time.Advance(TimeSpan.FromDays(1));

        Assert.False(await Store.RevokeAsync("backend"));
        Assert.Equal(firstRevocation, (await Store.FindByHashAsync(VirtualKeySecret.Hash(created.Secret)))!.RevokedAt);
    }

    [Fact]
    public async Task An_empty_store_has_no_active_key()
    {
        Assert.False(await Store.AnyActiveAsync());
    }

    [Fact]
    public async Task A_created_key_is_active()
    {
        await Store.CreateAsync(new VirtualKeySpec("backend"));

        Assert.True(await Store.AnyActiveAsync());
    }

    [Fact]
    public async Task Revoking_the_last_active_key_leaves_none_active()
    {
        await Store.CreateAsync(new VirtualKeySpec("backend"));
        await Store.RevokeAsync("backend");

        Assert.False(await Store.AnyActiveAsync());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task A_blank_name_is_refused(string name)
    {
        var error = await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.CreateAsync(new VirtualKeySpec(name)).AsTask());

        Assert.Contains("must not be empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_name_longer_than_100_characters_is_refused()
    {
        var error = await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.CreateAsync(new VirtualKeySpec(new string('k', 101))).AsTask());

        Assert.Contains("at most 100 characters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_name_of_exactly_100_characters_is_accepted()
    {
        var created = await Store.CreateAsync(new VirtualKeySpec(new string('k', 100)));

        Assert.Equal(100, created.Key.Name.Length);
    }

    [Fact]
    public async Task A_name_with_a_line_break_is_refused()
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.CreateAsync(new VirtualKeySpec("back\nend")).AsTask());
    }

    [Fact]
    public async Task Two_active_keys_cannot_share_a_name()
    {
        await Store.CreateAsync(new VirtualKeySpec("backend"));

        var error = await Assert.ThrowsAsync<VirtualKeyNameTakenException>(() => Store.CreateAsync(new VirtualKeySpec("backend")).AsTask());

        Assert.Equal("backend", error.Name);
        Assert.Equal("An active virtual key named 'backend' already exists. Revoke it first or choose another name.", error.Message);
        Assert.Single(await Store.ListAsync());
    }

    [Fact]
    public async Task A_revoked_keys_name_can_be_used_again()
    {
        await Store.CreateAsync(new VirtualKeySpec("backend"));
        await Store.RevokeAsync("backend");

        var again = await Store.CreateAsync(new VirtualKeySpec("backend"));

        Assert.True(again.Key.IsActive);
        Assert.Equal(2, (await Store.ListAsync()).Count);
    }

    [Fact]
    public async Task An_empty_store_has_no_keys_in_use()
    {
        Assert.False(await Store.KeysInUseAsync());
    }

    [Fact]
    public async Task Creating_a_key_puts_keys_in_use()
    {
        await Store.CreateAsync(new VirtualKeySpec("backend"));

        Assert.True(await Store.KeysInUseAsync());
    }

    [Fact]
    public async Task Revoking_every_key_leaves_keys_in_use_also_for_a_store_opened_later()
    {
        await Store.CreateAsync(new VirtualKeySpec("first"));
        await Store.CreateAsync(new VirtualKeySpec("second"));
        await Store.RevokeAsync("first");
        await Store.RevokeAsync("second");

        var reopened = await OpenAnotherStoreAsync();

        Assert.False(await reopened.AnyActiveAsync());
        Assert.True(await Store.KeysInUseAsync());
        Assert.True(await reopened.KeysInUseAsync());
    }

    [Fact]
    public async Task A_refused_key_does_not_put_keys_in_use()
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.CreateAsync(new VirtualKeySpec(" ")).AsTask());

        Assert.False(await Store.KeysInUseAsync());
    }

    [Fact]
    public async Task A_key_keeps_the_attribution_it_leaves_open()
    {
        var created = await Store.CreateAsync(new VirtualKeySpec("app", Team: "core", OpenAttribution: AttributionFields.Feature | AttributionFields.User));

        var found = await (await OpenAnotherStoreAsync()).FindByHashAsync(VirtualKeySecret.Hash(created.Secret));

        Assert.Equal(AttributionFields.Feature | AttributionFields.User, created.Key.OpenAttribution);
        Assert.Equal(created.Key, found);
        Assert.Equal(created.Key, Assert.Single(await Store.ListAsync()));
    }

    [Fact]
    public async Task A_key_leaves_nothing_open_unless_told()
    {
        var created = await Store.CreateAsync(new VirtualKeySpec("app"));

        Assert.Equal(AttributionFields.None, (await Store.FindByHashAsync(VirtualKeySecret.Hash(created.Secret)))!.OpenAttribution);
    }

    [Theory]
    [InlineData("user")]
    [InlineData("feature")]
    [InlineData("team")]
    public async Task A_field_both_fixed_by_the_key_and_left_open_is_refused(string field)
    {
        var spec = field switch
        {
            "user" => new VirtualKeySpec("app", User: "alice", OpenAttribution: AttributionFields.User),
            "feature" => new VirtualKeySpec("app", Feature: "search", OpenAttribution: AttributionFields.Feature),
            _ => new VirtualKeySpec("app", Team: "core", OpenAttribution: AttributionFields.Team),
        };

        var error = await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.CreateAsync(spec).AsTask());

        Assert.Contains($"leaves it open to x-tollgate-{field}", error.Message, StringComparison.Ordinal);
        Assert.Empty(await Store.ListAsync());
    }
}
