using Microsoft.Extensions.Options;
using Tollgate.Core.Budgets;

namespace Tollgate.Gateway.Budgets;

/// <summary>
/// The budgets in force: the configuration file's (<c>Tollgate:Budgets</c>, followed as it reloads) with the admin API's
/// stored budgets over them (a stored budget replaces a configured one of the same id), and every top-up applied. Built
/// once per change into an immutable <see cref="BudgetSet"/>, so a request reads it without a lock or a query; changes
/// made through this book (the admin API, a key's own budget) rebuild it at once, and the store is read again every
/// <see cref="StoreRefresh"/> for changes other processes made (<c>tollgate keys create --budget-usd</c>).
/// </summary>
internal sealed class BudgetBook : IBudgetSource
{
    /// <summary>How long the stored budgets are used before the store is read again.</summary>
    public static readonly TimeSpan StoreRefresh = TimeSpan.FromSeconds(5);

    private readonly IOptionsMonitor<GatewayOptions> _options;
    private readonly IBudgetStore _store;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile Snapshot? _current;
    private volatile Stored? _stored;

    public BudgetBook(IOptionsMonitor<GatewayOptions> options, IBudgetStore store, TimeProvider time)
    {
        _options = options;
        _store = store;
        _time = time;
    }

    public ValueTask<BudgetSet> GetCurrentAsync(CancellationToken cancellationToken = default)
    {
        var options = _options.CurrentValue;
        var current = _current;
        var stored = _stored;
        return current is not null && stored is not null && ReferenceEquals(current.Options, options) && ReferenceEquals(current.Stored, stored)
            && _time.GetTimestamp() - stored.LoadedAt < StoreRefresh.TotalSeconds * _time.TimestampFrequency
            ? ValueTask.FromResult(current.Set)
            : RebuildAsync(options, cancellationToken);
    }

    /// <summary>The configured budget or stored one of <paramref name="id"/> in force, or null.</summary>
    public async ValueTask<BudgetDefinition?> FindAsync(string id, CancellationToken cancellationToken = default) =>
        (await GetCurrentAsync(cancellationToken).ConfigureAwait(false)).Find(id);

    /// <summary>Whether the budget of <paramref name="id"/> is stored (made through the admin API) rather than configured.</summary>
    public bool IsStored(string id)
    {
        if (_stored is { } stored)
        {
            foreach (var budget in stored.Budgets)
            {
                if (budget.Id == id)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Stores <paramref name="budget"/> (replacing one of its id) and puts it in force.</summary>
    public async ValueTask PutAsync(BudgetDefinition budget, CancellationToken cancellationToken = default)
    {
        await _store.PutAsync(budget, cancellationToken).ConfigureAwait(false);
        await ReloadStoreAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes the stored budget of <paramref name="id"/>; false when there was none.</summary>
    public async ValueTask<bool> DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        var removed = await _store.DeleteAsync(id, cancellationToken).ConfigureAwait(false);
        await ReloadStoreAsync(cancellationToken).ConfigureAwait(false);
        return removed;
    }

    /// <summary>Adds a top-up to the budget of <paramref name="id"/> and returns the budget as it now stands.</summary>
    public async ValueTask<BudgetDefinition?> TopUpAsync(string id, decimal amountUsd, CancellationToken cancellationToken = default)
    {
        if (await FindAsync(id, cancellationToken).ConfigureAwait(false) is null)
        {
            return null;
        }

        await _store.TopUpAsync(id, amountUsd, cancellationToken).ConfigureAwait(false);
        await ReloadStoreAsync(cancellationToken).ConfigureAwait(false);
        return await FindAsync(id, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask ReloadStoreAsync(CancellationToken cancellationToken)
    {
        await _loading.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _stored = await LoadStoredAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _loading.Release();
        }
    }

    private async ValueTask<BudgetSet> RebuildAsync(GatewayOptions options, CancellationToken cancellationToken)
    {
        await _loading.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var stored = _stored;
            if (stored is null || _time.GetTimestamp() - stored.LoadedAt >= StoreRefresh.TotalSeconds * _time.TimestampFrequency)
            {
                _stored = stored = await LoadStoredAsync(cancellationToken).ConfigureAwait(false);
            }

            if (_current is { } current && ReferenceEquals(current.Options, options) && ReferenceEquals(current.Stored, stored))
            {
                return current.Set;
            }

            var budgets = ConfiguredBudgets.Read(options.Budgets);
            for (var i = 0; i < budgets.Count; i++)
            {
                if (stored.TopUps.TryGetValue(budgets[i].Id, out var topUp))
                {
                    budgets[i] = budgets[i] with { TopUpUsd = topUp };
                }
            }

            budgets.AddRange(stored.Budgets); // after the configured ones: a stored budget of the same id replaces its
            var set = new BudgetSet(budgets, Tiers.TierSettings.Of(options).Budgets);
            _current = new Snapshot(options, stored, set);
            return set;
        }
        finally
        {
            _loading.Release();
        }
    }

    private async ValueTask<Stored> LoadStoredAsync(CancellationToken cancellationToken) =>
        new(await _store.ListAsync(cancellationToken).ConfigureAwait(false), await _store.GetTopUpsAsync(cancellationToken).ConfigureAwait(false), _time.GetTimestamp());

    private sealed record Stored(IReadOnlyList<BudgetDefinition> Budgets, IReadOnlyDictionary<string, decimal> TopUps, long LoadedAt);

    private sealed record Snapshot(GatewayOptions Options, Stored Stored, BudgetSet Set);
}
