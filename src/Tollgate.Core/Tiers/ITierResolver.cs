using Tollgate.Core.Identity;

namespace Tollgate.Core.Tiers;

/// <summary>Which tier a request belongs to, from its user and its key (see the configuration's <c>Tiers</c>).</summary>
public interface ITierResolver
{
    /// <summary>
    /// The tier of a request sent with <paramref name="key"/> (none: a loopback caller served without one) and
    /// attributed to <paramref name="user"/>, and the member it counts for; null when no tier applies.
    /// </summary>
    ValueTask<TierMembership?> ResolveAsync(VirtualKey? key, string? user, CancellationToken cancellationToken = default);
}
