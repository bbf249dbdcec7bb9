namespace Tollgate.Gateway.PromptCaching;

/// <summary>Body of <c>GET /admin/findings</c>.</summary>
/// <param name="Data">The findings, by feature name.</param>
internal sealed record FindingListResponse(IReadOnlyList<PrefixFinding> Data);
