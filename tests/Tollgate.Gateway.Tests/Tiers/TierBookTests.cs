using Microsoft.Extensions.Options;
using Tollgate.Core.Identity;
using Tollgate.Gateway.Tiers;
using Tollgate.Storage.Embedded;
using Tollgate.Testing;

namespace Tollgate.Gateway.Tests.Tiers;

/// <summary>Which tier a request has: its user's, else its key's, else the default tier, and whom it is counted for.</summary>
public sealed class TierBookTests : IAsyncLifetime
{
    private readonly TemporaryDirectory _directory = new();
    private readonly Monitor _monitor = new(Options(defaultTier: null));
    private EmbeddedStorage _storage = null!;
    private TierBook _book = null!;

    public Task InitializeAsync()
    {
        _storage = EmbeddedStorage.Open(_directory.Path);
        _book = new TierBook(_monitor, _storage.UserTiers, TimeProvider.System);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _storage.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task A_users_own_tier_comes_before_the_keys_and_the_key_before_the_default()
    {
        var proKey = Key("backend", "PRO");

        Assert.Equal(("pro", "user:carol"), Of(await _book.ResolveAsync(proKey, "carol")));
        Assert.Equal(("pro", "key:backend"), Of(await _book.ResolveAsync(proKey, "dave"))); // dave has no tier of his own
        Assert.Null(await _book.ResolveAsync(Key("plain", null), "dave"));

        _monitor.CurrentValue = Options(defaultTier: "free"); // a reloaded configuration
        Assert.Equal(("free", "user:dave"), Of(await _book.ResolveAsync(Key("plain", null), "dave")));
        Assert.Equal(("free", "key:plain"), Of(await _book.ResolveAsync(Key("plain", null), null)));
        Assert.Null(await _book.ResolveAsync(null, null)); // a loopback caller without key or user is no member
    }

    [Fact]
    public async Task A_tier_given_through_the_store_overrides_the_configured_one_until_removed()
    {
        await _book.SetUserTierAsync("carol", "free");
        Assert.Equal(("free", "user:carol"), Of(await _book.ResolveAsync(null, "carol")));

        Assert.True(await _book.RemoveUserTierAsync("carol"));
        Assert.Equal(("pro", "user:carol"), Of(await _book.ResolveAsync(null, "carol")));
    }

    [Fact]
    public async Task A_tier_no_longer_configured_is_no_tier()
    {
        var key = Key("backend", "legacy");

        Assert.Null(await _book.ResolveAsync(key, null));
        Assert.Same(await _book.ResolveAsync(null, "carol"), await _book.ResolveAsync(null, "carol")); // one membership per member
    }

    private static (string, string) Of(Core.Tiers.TierMembership? membership) => (membership!.Tier, membership.MemberName);

    private static GatewayOptions Options(string? defaultTier)
    {
        var options = new GatewayOptions { DefaultTier = defaultTier };
        options.Tiers["free"] = new TierOptions();
        options.Tiers["pro"] = new TierOptions();
        options.Users["carol"] = new UserOptions { Tier = "pro" };
        return options;
    }

    private static VirtualKey Key(string name, string? tier) =>
        new("key_" + name, name, null, null, null, "tg-abc", DateTimeOffset.UnixEpoch, null) { Tier = tier };

    private sealed class Monitor(GatewayOptions value) : IOptionsMonitor<GatewayOptions>
    {
        public GatewayOptions CurrentValue { get; set; } = value;

        public GatewayOptions Get(string? name) => CurrentValue;

        public IDisposable? OnChange(Action<GatewayOptions, string?> listener) => null;
    }
}
