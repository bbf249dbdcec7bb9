namespace Tollgate.Core.Tiers;

/// <summary>
/// The tiers given to end users through the admin API (<c>PUT /admin/users/{user}/tier</c>). A user given none here
/// keeps the tier of the configuration (<c>Tollgate:Users:USER:Tier</c>), if any. Implementations must be safe for
/// concurrent use.
/// </summary>
public interface IUserTierStore
{
    /// <summary>Every stored user's tier, by user (compared exactly).</summary>
    ValueTask<IReadOnlyDictionary<string, string>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Gives <paramref name="user"/> the tier <paramref name="tier"/>, replacing the one stored before.</summary>
    ValueTask SetAsync(string user, string tier, CancellationToken cancellationToken = default);

    /// <summary>Removes <paramref name="user"/>'s stored tier; false when there was none.</summary>
    ValueTask<bool> RemoveAsync(string user, CancellationToken cancellationToken = default);
}
