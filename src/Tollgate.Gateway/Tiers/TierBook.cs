using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Tollgate.Core.Budgets;
using Tollgate.Core.Identity;
using Tollgate.Core.Tiers;

namespace Tollgate.Gateway.Tiers;

/// <summary>
/// Which tier a request belongs to. A request attributed to a user who has a tier (given through the admin API, else
/// <c>Tollgate:Users:USER:Tier</c>) is of the user's tier, counted for that user; else a request whose key has a tier is
/// of the key's, counted for that key; else it is of <c>Tollgate:DefaultTier</c>, counted for its user when it has one,
/// else for its key. The stored users' tiers are read again every <see cref="StoreRefresh"/> (changes made through this
/// book at once), so a request reads them without a query; the tiers themselves follow the configuration as it reloads.
/// </summary>
internal sealed class TierBook : ITierResolver
{
    /// <summary>How long the stored users' tiers are used before the store is read again.</summary>
    public static readonly TimeSpan StoreRefresh = TimeSpan.FromSeconds(5);

    private readonly IOptionsMonitor<GatewayOptions> _options;
    private readonly IUserTierStore _store;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _loading = new(1, 1);

    // Every membership met since start, made once: a request of a known member allocates none, and the admin API lists
    // the members of the default tier, which no setting names, from it.
    private readonly ConcurrentDictionary<(string Tier, BudgetScopeKind Kind, string Member), TierMembership> _members = new();
    private volatile Stored? _stored;

    public TierBook(IOptionsMonitor<GatewayOptions> options, IUserTierStore store, TimeProvider time)
    {
        _options = options;
        _store = store;
        _time = time;
    }

    public async ValueTask<TierMembership?> ResolveAsync(VirtualKey? key, string? user, CancellationToken cancellationToken = default)
    {
        var options = _options.CurrentValue;
        var tiers = TierSettings.Of(options);
        if (tiers.IsEmpty)
        {
            return null;
        }

        if (user is not null)
        {
            var stored = await UsersAsync(cancellationToken).ConfigureAwait(false);
            if (TierOfUser(stored, options, tiers, user) is { } userTier)
            {
                return Member(userTier, BudgetScopeKind.User, user);
            }
        }

        if (key?.Tier is { } keyTier && tiers.TryFind(keyTier, out var configured))
        {
            return Member(configured, BudgetScopeKind.Key, key.Name);
        }

        return tiers.DefaultTier is not { } fallback ? null
            : user is not null ? Member(fallback, BudgetScopeKind.User, user)
            : key is not null ? Member(fallback, BudgetScopeKind.Key, key.Name)
            : null;
    }

    /// <summary>Gives <paramref name="user"/> the tier <paramref name="tier"/> (a configured name) in the store, in force at once.</summary>
    public async ValueTask SetUserTierAsync(string user, string tier, CancellationToken cancellationToken = default)
    {
        await _store.SetAsync(user, tier, cancellationToken).ConfigureAwait(false);
        await ReloadAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes <paramref name="user"/>'s stored tier (the configuration's, if any, applies again); false when there was none.</summary>
    public async ValueTask<bool> RemoveUserTierAsync(string user, CancellationToken cancellationToken = default)
    {
        var removed = await _store.RemoveAsync(user, cancellationToken).ConfigureAwait(false);
        await ReloadAsync(cancellationToken).ConfigureAwait(false);
        return removed;
    }

    /// <summary>
    /// The members of each tier the gateway knows now: keys with a tier (of <paramref name="keys"/>), users given one
    /// (stored or configured), and the members of the default tier met since start.
    /// </summary>
    public async ValueTask<IReadOnlyList<TierMembership>> ListMembersAsync(IReadOnlyList<VirtualKey> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var options = _options.CurrentValue;
        var tiers = TierSettings.Of(options);
        var members = new List<TierMembership>();
        var named = new HashSet<BudgetScope>();
        var stored = await UsersAsync(cancellationToken).ConfigureAwait(false);
        var users = new HashSet<string>(stored.Keys, StringComparer.Ordinal);
        if (options.Users is not null)
        {
            users.UnionWith(options.Users.Keys);
        }

        foreach (var user in users)
        {
            if (TierOfUser(stored, options, tiers, user) is { } tier)
            {
                members.Add(Member(tier, BudgetScopeKind.User, user));
                named.Add(new BudgetScope(BudgetScopeKind.User, user));
            }
        }

        foreach (var key in keys)
        {
            if (key.IsActive && tiers.TryFind(key.Tier, out var tier))
            {
                members.Add(Member(tier, BudgetScopeKind.Key, key.Name));
                named.Add(new BudgetScope(BudgetScopeKind.Key, key.Name));
            }
        }

        foreach (var (_, member) in _members)
        {
            if (string.Equals(member.Tier, tiers.DefaultTier, StringComparison.Ordinal) && !named.Contains(member.Member))
            {
                members.Add(member);
            }
        }

        return members;
    }

    /// <summary>The configured name of <paramref name="user"/>'s own tier (stored, else configured); null when none, or none configured now.</summary>
    private static string? TierOfUser(IReadOnlyDictionary<string, string> stored, GatewayOptions options, TierSettings tiers, string user)
    {
        if (stored.TryGetValue(user, out var tier) && tiers.TryFind(tier, out var configured))
        {
            return configured;
        }

        return options.Users is not null && options.Users.TryGetValue(user, out var settings) && tiers.TryFind(settings?.Tier?.Trim(), out configured)
            ? configured
            : null;
    }

    private TierMembership Member(string tier, BudgetScopeKind kind, string member) =>
        _members.TryGetValue((tier, kind, member), out var known)
            ? known
            : _members.GetOrAdd((tier, kind, member), static (key, _) => new TierMembership(key.Tier, new BudgetScope(key.Kind, key.Member)), 0);

    private ValueTask<IReadOnlyDictionary<string, string>> UsersAsync(CancellationToken cancellationToken) =>
        _stored is { } stored && _time.GetTimestamp() - stored.LoadedAt < StoreRefresh.TotalSeconds * _time.TimestampFrequency
            ? ValueTask.FromResult(stored.Users)
            : LoadAsync(cancellationToken);

    private async ValueTask<IReadOnlyDictionary<string, string>> LoadAsync(CancellationToken cancellationToken)
    {
        await _loading.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_stored is { } stored && _time.GetTimestamp() - stored.LoadedAt < StoreRefresh.TotalSeconds * _time.TimestampFrequency)
            {
                return stored.Users;
            }

            var loaded = new Stored(await _store.ListAsync(cancellationToken).ConfigureAwait(false), _time.GetTimestamp());
            _stored = loaded;
            return loaded.Users;
        }
        finally
        {
            _loading.Release();
        }
    }

    private async ValueTask ReloadAsync(CancellationToken cancellationToken)
    {
        await _loading.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _stored = new Stored(await _store.ListAsync(cancellationToken).ConfigureAwait(false), _time.GetTimestamp());
        }
        finally
        {
            _loading.Release();
        }
    }

    private sealed record Stored(IReadOnlyDictionary<string, string> Users, long LoadedAt);
}
