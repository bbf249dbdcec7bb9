namespace Tollgate.Core.Identity;

/// <summary>A Tollgate virtual key as stored: never the secret itself, only its hash and a display prefix.</summary>
/// <param name="Id">Stable id, <c>vk_…</c>.</param>
/// <param name="Name">Shown in spend reports.</param>
/// <param name="User">End user the key's calls are charged to, or none.</param>
/// <param name="Feature">Feature the key's calls are charged to, or none.</param>
/// <param name="Team">Team the key's calls are charged to, or none.</param>
/// <param name="Prefix">The first characters of the secret, to tell keys apart.</param>
/// <param name="CreatedAt">When the key was made.</param>
/// <param name="RevokedAt">When it was revoked; null while active.</param>
/// <param name="OpenAttribution">The fields its callers may name themselves; every other one is the key's.</param>
public sealed record VirtualKey(
    string Id,
    string Name,
    string? User,
    string? Feature,
    string? Team,
    string Prefix,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RevokedAt,
    AttributionFields OpenAttribution = AttributionFields.None)
{
    /// <summary>The tags every call of the key carries; its callers may add others, never change these.</summary>
    public RequestTags Tags { get; init; } = RequestTags.Empty;

    /// <summary>The tier the key belongs to (<c>Tollgate:Tiers:NAME</c>), or none.</summary>
    public string? Tier { get; init; }

    /// <summary>Whether the key still authenticates.</summary>
    public bool IsActive => RevokedAt is null;

    /// <summary>Whether the caller may name <paramref name="field"/> itself.</summary>
    public bool LeavesOpen(AttributionFields field) => (OpenAttribution & field) == field;
}
