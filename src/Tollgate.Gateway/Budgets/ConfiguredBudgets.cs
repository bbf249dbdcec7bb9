using Tollgate.Core.Budgets;

namespace Tollgate.Gateway.Budgets;

/// <summary>The budgets of <c>Tollgate:Budgets</c>, checked and turned into definitions.</summary>
internal static class ConfiguredBudgets
{
    /// <summary>Adds a failure for every problem of the configured budgets (an id given twice included).</summary>
    public static void Validate(List<BudgetDocument>? budgets, ref List<string>? failures)
    {
        if (budgets is null)
        {
            return;
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < budgets.Count; i++)
        {
            var definition = budgets[i].ToDefinition(null, out var problems);
            foreach (var problem in problems)
            {
                (failures ??= []).Add($"Budgets:{i}: {problem}.");
            }

            if (definition is not null && !ids.Add(definition.Id))
            {
                (failures ??= []).Add($"Budgets:{i}: budget \"{definition.Id}\" is defined twice.");
            }
        }
    }

    /// <summary>The definitions of valid configured budgets (the validator has refused options with invalid ones).</summary>
    public static List<BudgetDefinition> Read(List<BudgetDocument>? budgets)
    {
        var definitions = new List<BudgetDefinition>(budgets?.Count ?? 0);
        foreach (var document in budgets ?? [])
        {
            if (document.ToDefinition(null, out _) is { } definition)
            {
                definitions.Add(definition);
            }
        }

        return definitions;
    }
}
