namespace Tollgate.Gateway.PromptCaching;

/// <summary>
/// A feature whose consecutive prompts diverge early in their stable part (tools, then system prompt), so the prefix
/// they share is too short for the provider to cache: what <c>GET /admin/findings</c> lists and
/// <c>tollgate prompts lint</c> prints. The excerpts show a few characters around the divergence, digits and words
/// holding digits masked (<see cref="RedactedExcerpt"/>).
/// </summary>
/// <param name="Kind">Always <see cref="PrefixInstability"/>.</param>
/// <param name="Feature">The feature whose prompts diverge.</param>
/// <param name="Model">The model of the last request that diverged.</param>
/// <param name="Section">Where the divergence is: <c>tools</c> or <c>system</c>.</param>
/// <param name="Offset">Offset of the first differing byte, counted over the JSON of the tools then of the system prompt, as sent.</param>
/// <param name="StableBytes">Bytes of tools and system prompt in the last request that diverged.</param>
/// <param name="Divergences">How many consecutive pairs of requests diverged early.</param>
/// <param name="Comparisons">How many consecutive pairs of requests were compared.</param>
/// <param name="FirstSeen">When a divergence was first seen.</param>
/// <param name="LastSeen">When the last one was seen.</param>
/// <param name="Previous">The earlier request around the divergence, redacted.</param>
/// <param name="Current">The later request around the divergence, redacted.</param>
/// <param name="Message">What the finding means and what to do about it.</param>
internal sealed record PrefixFinding(
    string Kind,
    string Feature,
    string? Model,
    string Section,
    int Offset,
    int StableBytes,
    long Divergences,
    long Comparisons,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    string Previous,
    string Current,
    string Message)
{
    /// <summary>The kind of a finding about prompts whose prefix is not stable.</summary>
    public const string PrefixInstability = "prefix-instability";
}
