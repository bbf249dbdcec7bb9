namespace Tollgate.LoadBench;

/// <summary>
/// What <c>--budgets</c> gives its second gateway (<see cref="LoadTarget.Budgets"/>): three budgets that apply to every
/// pass-through request (global this month, the feature today, the user today) and one rate limit counting requests,
/// tokens and dollars a minute per user, all with limits no run reaches, so every request is reserved, counted, settled
/// and let through. The micro-benchmark <c>BudgetStagesBenchmarks</c> sets the same (<c>BudgetLoad</c>). The requests
/// carry no key, so a user stands where a key would: the same work (a scope compared, a bucket named after it).
/// </summary>
internal static class BudgetSettings
{
    /// <summary>The user and feature the pass-through requests name.</summary>
    public const string Name = "loadbench";

    /// <summary>
    /// Sent with every pass-through call to every target (the simulator and the floor ignore them; the plain gateway
    /// attributes the call as the budgets gateway does), so the two gateways differ only in their settings.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Headers { get; } =
    [
        new("x-tollgate-user", Name),
        new("x-tollgate-feature", Name),
    ];

    /// <summary>The settings as environment variables of the gateway process.</summary>
    public static IReadOnlyDictionary<string, string> Environment { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Tollgate__Budgets__0__Id"] = "bench-global",
        ["Tollgate__Budgets__0__Scope"] = "global",
        ["Tollgate__Budgets__0__Period"] = "month",
        ["Tollgate__Budgets__0__LimitUsd"] = "1000000000",
        ["Tollgate__Budgets__1__Id"] = "bench-feature",
        ["Tollgate__Budgets__1__Scope"] = "feature:" + Name,
        ["Tollgate__Budgets__1__Period"] = "day",
        ["Tollgate__Budgets__1__LimitUsd"] = "1000000000",
        ["Tollgate__Budgets__1__LimitTokens"] = "1000000000000000",
        ["Tollgate__Budgets__2__Id"] = "bench-user",
        ["Tollgate__Budgets__2__Scope"] = "user:" + Name,
        ["Tollgate__Budgets__2__Period"] = "day",
        ["Tollgate__Budgets__2__LimitUsd"] = "1000000000",
        ["Tollgate__RateLimits__0__Scope"] = "user",
        ["Tollgate__RateLimits__0__RequestsPerMinute"] = "1000000000",
        ["Tollgate__RateLimits__0__TokensPerMinute"] = "1000000000000",
        ["Tollgate__RateLimits__0__UsdPerMinute"] = "1000000",
    };

    /// <summary>How the report describes the budgets gateway.</summary>
    public const string Description =
        "budgets `global` (month), `feature:" + Name + "` (day) and `user:" + Name + "` (day), rate limit per `user` (requests, tokens and USD a minute), "
        + "limits never reached; pass-through requests carry `x-tollgate-user` and `x-tollgate-feature: " + Name + "` to every target";
}
