using Tollgate.Core.Budgets;
using Tollgate.Core.Limits;
using Tollgate.Gateway;

namespace Tollgate.Benchmarks;

/// <summary>
/// The budgets and rate limit that apply to every benchmarked request, with limits no benchmark reaches: the same as the
/// load benchmark's <c>--budgets</c> gateway is given (<c>benchmarks/Tollgate.LoadBench/BudgetSettings.cs</c>), so the
/// two measure the same work. The requests carry no key, so a user stands where a key would: the same work either way
/// (an ordinal comparison of the scope's value, a bucket named after it).
/// </summary>
public static class BudgetLoad
{
    /// <summary>The user and feature the requests are attributed to.</summary>
    public const string Name = "loadbench";

    /// <summary>Global this month, the feature today, the user today: three budgets with every request in scope.</summary>
    public static List<BudgetDocument> Budgets() =>
    [
        new() { Id = "bench-global", Scope = "global", Period = "month", LimitUsd = 1_000_000_000m },
        new() { Id = "bench-feature", Scope = "feature:" + Name, Period = "day", LimitUsd = 1_000_000_000m, LimitTokens = 1_000_000_000_000_000 },
        new() { Id = "bench-user", Scope = "user:" + Name, Period = "day", LimitUsd = 1_000_000_000m },
    ];

    /// <summary>Requests, tokens and dollars a minute for each user.</summary>
    public static RateLimitOptions RateLimit() => new()
    {
        Scope = RateLimitScope.User,
        RequestsPerMinute = 1_000_000_000,
        TokensPerMinute = 1_000_000_000_000,
        UsdPerMinute = 1_000_000m,
    };
}
