using Tollgate.Core.Limits;

namespace Tollgate.Gateway.Endpoints;

/// <summary>A tier's rate limit: whom each allowance is for (<c>member</c>, <c>key</c> or <c>user</c>) and the limits.</summary>
internal sealed record TierRateLimitResponse(string Per, long? RequestsPerMinute, long? TokensPerMinute, decimal? UsdPerMinute)
{
    public static TierRateLimitResponse From(RateLimitOptions rule) =>
        new(rule.Scope is { } scope ? RateLimitRule.ScopeName(scope) : "member", rule.RequestsPerMinute, rule.TokensPerMinute, rule.UsdPerMinute);
}
