namespace Tollgate.Core.Budgets;

/// <summary>
/// The budgets in force, immutable: requests in flight keep the set they started with, and a change (a reloaded
/// configuration, an admin edit) is a new set.
/// </summary>
public sealed class BudgetSet
{
    private readonly BudgetDefinition[] _budgets;
    private readonly Dictionary<string, BudgetDefinition> _byId;

    /// <summary>Creates a set; a later budget replaces an earlier one of the same id.</summary>
    public BudgetSet(IEnumerable<BudgetDefinition> budgets)
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
    }

    /// <summary>No budgets.</summary>
    public static BudgetSet Empty { get; } = new([]);

    /// <summary>Whether there are no budgets (requests then skip reservation entirely).</summary>
    public bool IsEmpty => _budgets.Length == 0;

    /// <summary>Every budget, in the order given.</summary>
    public IReadOnlyList<BudgetDefinition> All => _budgets;

    /// <summary>The budget of <paramref name="id"/>, or null.</summary>
    public BudgetDefinition? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>The budgets that count <paramref name="subject"/>'s request; an empty array (not allocated) when none does.</summary>
    public BudgetDefinition[] Applicable(in BudgetSubject subject)
    {
        List<BudgetDefinition>? applicable = null;
        foreach (var budget in _budgets)
        {
            if (budget.AppliesTo(subject))
            {
                (applicable ??= new List<BudgetDefinition>(2)).Add(budget);
            }
        }

        return applicable is null ? [] : [.. applicable];
    }
}
