namespace Tollgate.Core.Budgets;

/// <summary>
/// A virtual key's own budget (<c>POST /admin/keys {"budget": {...}}</c>, <c>tollgate keys create --budget-usd</c>): a
/// stored budget of id <c>key:NAME</c> scoped to the key's name, with the period and limits given.
/// </summary>
public static class KeyBudget
{
    /// <summary>The id of the budget of key <paramref name="keyName"/>.</summary>
    public static string IdFor(string keyName) => "key:" + keyName;

    /// <summary>
    /// The budget <paramref name="document"/> describes for key <paramref name="keyName"/>, or null with the problems.
    /// The document gives limits, a period and actions; the id and scope are the key's, and a document naming others is refused.
    /// </summary>
    public static BudgetDefinition? Define(string keyName, BudgetDocument document, out IReadOnlyList<string> problems)
    {
        ArgumentNullException.ThrowIfNull(keyName);
        ArgumentNullException.ThrowIfNull(document);
        var id = IdFor(keyName);
        if ((document.Id is not null && document.Id != id) || (document.Scope is not null && document.Scope != id))
        {
            problems = [$"a key's budget is the key's own: leave out \"id\" and \"scope\" (they are {id})"];
            return null;
        }

        var definition = document.ToDefinition(id, out problems);
        return definition is null ? null : definition with { Scope = new BudgetScope(BudgetScopeKind.Key, keyName), Name = definition.Name ?? $"key {keyName}" };
    }
}
