using Tollgate.Core.Budgets;

namespace Tollgate.Core.Tiers;

/// <summary>
/// The tier a request's budgets and limits come from, and the member they are counted for: a tier's budget or limit
/// applies to each member apart, so two members of a tier never share an allowance.
/// </summary>
/// <param name="Tier">The tier's name, as the configuration spells it.</param>
/// <param name="Member">
/// Whose allowance counts the request: <c>user:NAME</c> when the tier is the request's user's, <c>key:NAME</c> when it
/// is its key's (<see cref="BudgetScopeKind.User"/> or <see cref="BudgetScopeKind.Key"/>).
/// </param>
public sealed record TierMembership(string Tier, BudgetScope Member)
{
    /// <summary>The member as budgets and refusals name it: <c>user:alice</c>, <c>key:backend</c>.</summary>
    public string MemberName { get; } = Member.ToString();
}
