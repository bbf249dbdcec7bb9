using Tollgate.Core.Budgets;

namespace Tollgate.Gateway.Endpoints;

/// <summary>
/// Body of <c>POST /admin/keys</c>. <see cref="OpenAttribution"/> lists the fields (<c>user</c>, <c>feature</c>,
/// <c>team</c>) the key's callers may name in their <c>x-tollgate-*</c> headers; every other field is the key's own.
/// <see cref="Tags"/> are the key's fixed tags (<c>{"project": "atlas"}</c>); its callers may add others.
/// <see cref="Budget"/> gives the key a budget of its own (<see cref="KeyBudget"/>); <see cref="Tier"/> puts it in a tier.
/// </summary>
internal sealed record KeyRequest(string? Name, string? User, string? Feature, string? Team, string[]? OpenAttribution = null, Dictionary<string, string>? Tags = null)
{
    public BudgetDocument? Budget { get; init; }

    /// <summary>The tier the key belongs to (a name of <c>Tollgate:Tiers</c>).</summary>
    public string? Tier { get; init; }
}
