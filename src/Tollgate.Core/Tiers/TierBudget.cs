using Tollgate.Core.Budgets;

namespace Tollgate.Core.Tiers;

/// <summary>
/// A tier's budget as it applies to one member: the tier's definition (without a scope) made a budget of that member,
/// of id <c>tier:TIER:BUDGET:user:NAME</c> (or <c>…:key:NAME</c>). The id is stable, so the member's spend in the
/// current window is read back from the ledger after a restart like any user or key budget's.
/// </summary>
public static class TierBudget
{
    /// <summary>The id of the instance of <paramref name="budgetId"/> of <paramref name="tier"/> for <paramref name="member"/>.</summary>
    public static string IdFor(string tier, string budgetId, BudgetScope member) => $"tier:{tier}:{budgetId}:{member}";

    /// <summary>The budget <paramref name="template"/> of <paramref name="tier"/> is for <paramref name="member"/>.</summary>
    public static BudgetDefinition For(string tier, BudgetDefinition template, BudgetScope member)
    {
        ArgumentNullException.ThrowIfNull(tier);
        ArgumentNullException.ThrowIfNull(template);
        return template with
        {
            Id = IdFor(tier, template.Id, member),
            Name = $"{template.DisplayName} ({tier} tier, {member})",
            Scope = member,
        };
    }
}
