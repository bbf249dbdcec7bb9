namespace Tollgate.Core.Feedback;

/// <summary>
/// Whether a caller may speak of an earlier request: give feedback on its output, or re-ask it
/// (<c>x-tollgate-attempt-of</c>). A key may name its own requests and, when it belongs to a team, those of every key
/// of that team; a loopback caller served without a key names the requests made without a key. Teams are the keys' own,
/// never one named in <c>x-tollgate-team</c>. Pure: the caller answers a refusal as it answers an unknown id, so it
/// does not confirm that another team's request exists.
/// </summary>
public static class RequestAccess
{
    /// <summary>Whether the caller may name the request.</summary>
    /// <param name="requestKeyName">The name of the key the request was made with (the ledger's <c>key_name</c>); null when made without one.</param>
    /// <param name="requestKeyTeam">That key's own team; null when it has none (or is no longer known).</param>
    /// <param name="callerKeyName">The caller's key's name; null for a loopback caller served without a key.</param>
    /// <param name="callerKeyTeam">The caller's key's own team; null when it has none.</param>
    public static bool Allows(string? requestKeyName, string? requestKeyTeam, string? callerKeyName, string? callerKeyTeam)
    {
        if (requestKeyName is null || callerKeyName is null)
        {
            // Made without a key (loopback, no identity to hold it to): named only by callers without a key, and a request
            // made with a key never by a caller without one.
            return requestKeyName is null && callerKeyName is null;
        }

        // Ordinal, as the spend report tells key names and teams apart.
        return string.Equals(requestKeyName, callerKeyName, StringComparison.Ordinal)
            || (requestKeyTeam is not null && string.Equals(requestKeyTeam, callerKeyTeam, StringComparison.Ordinal));
    }
}
