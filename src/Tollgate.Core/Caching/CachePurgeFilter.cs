namespace Tollgate.Core.Caching;

/// <summary>
/// Which entries <see cref="ICacheStore.PurgeAsync"/> removes: those matching every filter given. With none given,
/// every entry goes.
/// </summary>
/// <param name="Feature">Only entries stored for this feature (matched exactly); any feature when null.</param>
/// <param name="Model">Only entries of this model (matched exactly); any model when null.</param>
/// <param name="CreatedBefore">Only entries created before this instant (one created at it stays); any age when null.</param>
public sealed record CachePurgeFilter(string? Feature = null, string? Model = null, DateTimeOffset? CreatedBefore = null)
{
    /// <summary>Matches every entry.</summary>
    public static CachePurgeFilter All { get; } = new();

    /// <summary>Whether <paramref name="entry"/> is one this filter removes.</summary>
    public bool Matches(CacheEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return (Feature is null || string.Equals(Feature, entry.Feature, StringComparison.Ordinal))
            && (Model is null || string.Equals(Model, entry.Model, StringComparison.Ordinal))
            && (CreatedBefore is not { } cutoff || entry.CreatedAt < cutoff);
    }
}
