using Tollgate.Core.Budgets;

namespace Tollgate.Gateway;

/// <summary>
/// A tier (<c>Tollgate:Tiers:NAME</c>): a named plan of budgets and rate limits that applies to each of its members apart.
/// A key belongs to a tier when it is created with one; a user when <c>Tollgate:Users:USER:Tier</c> or the admin API
/// (<c>PUT /admin/users/{user}/tier</c>) names one; the others belong to <c>Tollgate:DefaultTier</c>, if set.
/// </summary>
public sealed class TierOptions
{
    /// <summary>
    /// Budgets without a scope: each member of the tier gets one of its own (id <c>tier:TIER:ID:user:NAME</c> or
    /// <c>…:key:NAME</c>), counted, refused and reported like any budget.
    /// </summary>
    public List<BudgetDocument> Budgets { get; set; } = [];

    /// <summary>
    /// Rate limits without a <c>Scope</c> (each member apart) or with the scope <c>key</c> or <c>user</c> (each key or user
    /// of the tier apart), and without a <c>Match</c>.
    /// </summary>
    public List<RateLimitOptions> RateLimits { get; set; } = [];
}
