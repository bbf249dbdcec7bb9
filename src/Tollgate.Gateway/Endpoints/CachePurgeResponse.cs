namespace Tollgate.Gateway.Endpoints;

/// <summary>Body of <c>DELETE /admin/cache</c>.</summary>
/// <param name="Purged">How many entries were removed, expired ones included.</param>
internal sealed record CachePurgeResponse(long Purged);
