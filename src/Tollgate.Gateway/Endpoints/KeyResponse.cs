using Tollgate.Core.Identity;

namespace Tollgate.Gateway.Endpoints;

/// <summary>A virtual key as the admin API shows it; <see cref="Key"/> (the secret) only on creation.</summary>
internal sealed record KeyResponse(
    string? Key,
    string Id,
    string Name,
    string? User,
    string? Feature,
    string? Team,
    string[] OpenAttribution,
    string Prefix,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RevokedAt,
    RequestTags Tags)
{
    /// <summary>The tier the key belongs to, or none.</summary>
    public string? Tier { get; init; }

    public static KeyResponse From(VirtualKey key, string? secret = null) =>
        new(secret, key.Id, key.Name, key.User, key.Feature, key.Team, AttributionFieldNames.Format(key.OpenAttribution), key.Prefix, key.CreatedAt, key.RevokedAt, key.Tags) { Tier = key.Tier };
}
