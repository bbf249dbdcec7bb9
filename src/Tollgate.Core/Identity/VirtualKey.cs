namespace Tollgate.Core.Identity;

/// <summary>A Tollgate virtual key as stored: never the secret itself, only its hash and a display prefix.</summary>
public sealed record VirtualKey(
    string Id,
    string Name,
    string? User,
    string? Feature,
    string? Team,
    string Prefix,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RevokedAt)
{
    /// <summary>Whether the key still authenticates.</summary>
    public bool IsActive => RevokedAt is null;
}
