using Tollgate.Core.Limits;

namespace Tollgate.Gateway;

/// <summary>
/// One rate limit (<c>Tollgate:RateLimits:N</c>): whose requests it counts and how many requests, tokens and US dollars a
/// minute it allows them. Every rule that counts a request applies, and a request refused by one is counted by none.
/// </summary>
public sealed class RateLimitOptions
{
    /// <summary>Whose requests are counted: <c>key</c>, <c>user</c>, <c>feature</c>, <c>team</c>, <c>tag</c> or <c>global</c>.</summary>
    public RateLimitScope? Scope { get; set; }

    /// <summary>
    /// The one value counted (a key's name, a user, a feature, a team; for a tag, <c>name=value</c>, or a tag's name to
    /// give each of its values an allowance); unset: each distinct value has an allowance of its own. Not for <c>global</c>.
    /// </summary>
    public string? Match { get; set; }

    /// <summary>Requests a minute (each counts 1, cache hits included); unset: not limited.</summary>
    public long? RequestsPerMinute { get; set; }

    /// <summary>
    /// Tokens a minute: a request counts its input as counted before the call plus its output limit (<c>max_tokens</c>,
    /// <c>max_completion_tokens</c>, <c>max_output_tokens</c>; 0 when absent), corrected to its usage once settled; unset:
    /// not limited.
    /// </summary>
    public long? TokensPerMinute { get; set; }

    /// <summary>
    /// US dollars a minute: a request counts its worst case (its counted input and output limit at the requested
    /// model's price), corrected to its cost once settled; unset: not limited.
    /// </summary>
    public decimal? UsdPerMinute { get; set; }
}
