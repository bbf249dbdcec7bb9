using System.Collections.Concurrent;
using System.Numerics;
using Tollgate.Core.Tiers;

namespace Tollgate.Core.Budgets;

/// <summary>
/// The budgets in force, immutable: requests in flight keep the set they started with, and a change (a reloaded
/// configuration, an admin edit) is a new set. Besides the budgets themselves, it holds each tier's budgets, which
/// apply to each member of the tier apart (<see cref="TierBudget"/>).
/// </summary>
public sealed class BudgetSet
{
    private readonly BudgetDefinition[] _budgets;
    private readonly Dictionary<string, BudgetDefinition> _byId;
    private readonly IReadOnlyDictionary<string, BudgetDefinition[]> _tiers;

    // A member's instances of its tier's budgets, made once per set: a request of a known member allocates none.
    private readonly ConcurrentDictionary<TierMembership, BudgetDefinition[]> _instances = new();

    /// <summary>Creates a set; a later budget replaces an earlier one of the same id.</summary>
    /// <param name="budgets">The budgets.</param>
    /// <param name="tiers">Each tier's budgets (ids without a scope), by tier name; none when null.</param>
    public BudgetSet(IEnumerable<BudgetDefinition> budgets, IReadOnlyDictionary<string, BudgetDefinition[]>? tiers = null)
    {
        ArgumentNullException.ThrowIfNull(budgets);
        _byId = new Dictionary<string, BudgetDefinition>(StringComparer.Ordinal);
        var ordered = new List<BudgetDefinition>();
        foreach (var budget in budgets)
        {
            if (_byId.TryGetValue(budget.Id, out var earlier))
            {
                ordered.Remove(earlier);
            }

            _byId[budget.Id] = budget;
            ordered.Add(budget);
        }

        _budgets = [.. ordered];
        _tiers = tiers ?? new Dictionary<string, BudgetDefinition[]>();
        HasTierBudgets = false;
        CanDegrade = Degrades(_budgets);
        foreach (var (_, tierBudgets) in _tiers)
        {
            HasTierBudgets |= tierBudgets.Length > 0;
            CanDegrade |= Degrades(tierBudgets);
        }
    }

    /// <summary>No budgets.</summary>
    public static BudgetSet Empty { get; } = new([]);

    /// <summary>Whether there are no budgets, of tiers neither (requests then skip reservation entirely).</summary>
    public bool IsEmpty => _budgets.Length == 0 && !HasTierBudgets;

    /// <summary>Whether a tier has a budget.</summary>
    public bool HasTierBudgets { get; }

    /// <summary>Whether any budget, a tier's included, sends requests to a cheaper model past a fraction (DegradeAt).</summary>
    public bool CanDegrade { get; }

    /// <summary>Every budget, in the order given (tier budgets, which exist per member, are not among them).</summary>
    public IReadOnlyList<BudgetDefinition> All => _budgets;

    /// <summary>Each tier's budgets as defined (without a member), by tier name.</summary>
    public IReadOnlyDictionary<string, BudgetDefinition[]> Tiers => _tiers;

    /// <summary>The budget of <paramref name="id"/>, or null.</summary>
    public BudgetDefinition? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>The budgets of <paramref name="membership"/>'s tier for its member; empty when the tier has none.</summary>
    public BudgetDefinition[] TierBudgetsOf(TierMembership membership)
    {
        ArgumentNullException.ThrowIfNull(membership);
        if (_instances.TryGetValue(membership, out var instances))
        {
            return instances;
        }

        if (!_tiers.TryGetValue(membership.Tier, out var templates) || templates.Length == 0)
        {
            return [];
        }

        instances = new BudgetDefinition[templates.Length];
        for (var i = 0; i < templates.Length; i++)
        {
            instances[i] = TierBudget.For(membership.Tier, templates[i], membership.Member);
        }

        return _instances.GetOrAdd(membership, instances);
    }

    /// <summary>
    /// The budgets that count <paramref name="subject"/>'s request, its tier's for its member among them; an empty array
    /// (not allocated) when none does.
    /// </summary>
    public BudgetDefinition[] Applicable(in BudgetSubject subject)
    {
        // The budgets that apply are marked in a first pass and copied into an array of their number, the one
        // allocation a request makes here; a set of more than 64 budgets of its own falls back to a growing list.
        var tierBudgets = subject.Tier is { } tier && HasTierBudgets ? TierBudgetsOf(tier) : [];
        if (_budgets.Length > 64 || tierBudgets.Length > 64)
        {
            return ApplicableOfMany(subject, tierBudgets);
        }

        ulong own = 0, ofTier = 0;
        for (var i = 0; i < _budgets.Length; i++)
        {
            own |= _budgets[i].AppliesTo(subject) ? 1UL << i : 0;
        }

        for (var i = 0; i < tierBudgets.Length; i++)
        {
            ofTier |= tierBudgets[i].CountsModel(subject.Model, subject.Provider) ? 1UL << i : 0;
        }

        var count = BitOperations.PopCount(own) + BitOperations.PopCount(ofTier);
        if (count == 0)
        {
            return [];
        }

        var applicable = new BudgetDefinition[count];
        var next = 0;
        for (; own != 0; own &= own - 1)
        {
            applicable[next++] = _budgets[BitOperations.TrailingZeroCount(own)];
        }

        for (; ofTier != 0; ofTier &= ofTier - 1)
        {
            applicable[next++] = tierBudgets[BitOperations.TrailingZeroCount(ofTier)];
        }

        return applicable;
    }

    private BudgetDefinition[] ApplicableOfMany(in BudgetSubject subject, BudgetDefinition[] tierBudgets)
    {
        List<BudgetDefinition>? applicable = null;
        foreach (var budget in _budgets)
        {
            if (budget.AppliesTo(subject))
            {
                (applicable ??= new List<BudgetDefinition>(2)).Add(budget);
            }
        }

        foreach (var budget in tierBudgets)
        {
            if (budget.CountsModel(subject.Model, subject.Provider))
            {
                (applicable ??= new List<BudgetDefinition>(2)).Add(budget);
            }
        }

        return applicable is null ? [] : [.. applicable];
    }

    private static bool Degrades(BudgetDefinition[] budgets)
    {
        foreach (var budget in budgets)
        {
            if (budget.DegradeAt is not null)
            {
                return true;
            }
        }

        return false;
    }
}
