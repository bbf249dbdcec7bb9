namespace Tollgate.Core.Responses;

/// <summary>Who created a stored response through the gateway: what <see cref="ResponseAccess"/> holds a caller to.</summary>
/// <param name="ResponseId">The provider's id of the response (<c>resp_…</c>).</param>
/// <param name="KeyName">
/// Name of the virtual key that created it; null for a loopback caller served without a key. The name rather than
/// the key's id, so that a key rotated under the same name (revoked, then created again) keeps its responses.
/// </param>
/// <param name="Team">
/// The creating key's own team; null when it has none. Never a team the caller named in a header: a caller who may
/// name its team could otherwise claim any team's responses.
/// </param>
/// <param name="Provider">The provider that holds the response, where later calls naming it must go.</param>
/// <param name="CreatedAt">When the gateway recorded it; <see cref="IResponseOwnershipStore.PurgeAsync"/> goes by it.</param>
public sealed record ResponseOwner(string ResponseId, string? KeyName, string? Team, string Provider, DateTimeOffset CreatedAt);
