namespace Tollgate.Core.Identity;

/// <summary>What a new virtual key is created with: its name, its attribution, and what of it the caller may name.</summary>
/// <param name="Name">Shown in spend reports; unique among active keys.</param>
/// <param name="User">End user every call of the key is charged to, or none.</param>
/// <param name="Feature">Feature every call of the key is charged to, or none.</param>
/// <param name="Team">Team every call of the key is charged to, or none.</param>
/// <param name="OpenAttribution">
/// Fields the caller may name in its <c>x-tollgate-*</c> headers (and, for the user, in the body). A field is either
/// fixed by the key or open, never both; every field not listed is fixed, to the key's value or to none.
/// </param>
public sealed record VirtualKeySpec(string Name, string? User = null, string? Feature = null, string? Team = null, AttributionFields OpenAttribution = AttributionFields.None)
{
    /// <summary>
    /// The tags every call of the key carries (<see cref="RequestTags"/>); callers add others in <c>x-tollgate-tags</c>
    /// but cannot change these.
    /// </summary>
    public RequestTags Tags { get; init; } = RequestTags.Empty;

    /// <summary>The tier the key belongs to (<c>Tollgate:Tiers:NAME</c>), or none.</summary>
    public string? Tier { get; init; }

    /// <summary>Checks that no field is both given a value and left open.</summary>
    /// <exception cref="ArgumentException">A field is both.</exception>
    public void ValidateAttribution()
    {
        if ((OpenAttribution & ~(AttributionFields.User | AttributionFields.Feature | AttributionFields.Team)) != 0)
        {
            throw new ArgumentException($"Unknown attribution fields: {OpenAttribution}.", nameof(OpenAttribution));
        }

        var clash = Clash(AttributionFields.User, User, "user") ?? Clash(AttributionFields.Feature, Feature, "feature") ?? Clash(AttributionFields.Team, Team, "team");
        if (clash is not null)
        {
            throw new ArgumentException(clash, nameof(OpenAttribution));
        }
    }

    private string? Clash(AttributionFields field, string? value, string name) =>
        value is not null && OpenAttribution.HasFlag(field)
            ? $"The key both names its {name} ('{value}') and leaves it open to x-tollgate-{name}: a field is either fixed by the key or named by the caller."
            : null;
}
