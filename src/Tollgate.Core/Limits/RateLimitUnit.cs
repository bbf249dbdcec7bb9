namespace Tollgate.Core.Limits;

/// <summary>What a rate limit counts per minute.</summary>
public enum RateLimitUnit
{
    /// <summary>Requests: each counts 1.</summary>
    Requests,

    /// <summary>Tokens: the request's counted input and its output limit, corrected to its usage once settled.</summary>
    Tokens,

    /// <summary>
    /// US dollars, counted in micro-dollars (millionths): the request's worst-case cost at the requested model's catalog
    /// price, corrected to its cost once settled.
    /// </summary>
    Usd,
}
