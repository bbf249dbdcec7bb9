using Tollgate.Core.Budgets;

namespace Tollgate.Gateway.Endpoints;

/// <summary>
/// A tier as <c>GET /admin/tiers</c> shows it: its budgets and rate limits (each applying to every member apart), whether
/// it is the default tier, and how many keys and users belong to it now (for the default tier, those met since start).
/// </summary>
internal sealed record TierResponse(string Name, bool Default, BudgetDocument[] Budgets, TierRateLimitResponse[] RateLimits, int Keys, int Users);
