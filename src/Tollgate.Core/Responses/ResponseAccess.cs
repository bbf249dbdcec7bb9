namespace Tollgate.Core.Responses;

/// <summary>
/// Whether a caller may reach a stored response (retrieve, delete, cancel, list its input items, or continue it with
/// <c>previous_response_id</c>), from who created it and the <see cref="ResponseIsolation"/> mode. Pure: the caller
/// looks the owner up and answers a refusal with 404, as for an unknown id.
/// </summary>
public static class ResponseAccess
{
    /// <summary>Whether the caller may reach the response.</summary>
    /// <param name="owner">Who created the response; null when the gateway never recorded it.</param>
    /// <param name="callerKeyName">Name of the caller's virtual key; null for a loopback caller served without a key.</param>
    /// <param name="callerTeam">
    /// The caller's key's own team; null when it has none. Like <see cref="ResponseOwner.Team"/>, never a team named
    /// in a header.
    /// </param>
    /// <param name="isolation">The operator's setting.</param>
    public static bool Allows(ResponseOwner? owner, string? callerKeyName, string? callerTeam, ResponseIsolation isolation)
    {
        if (isolation == ResponseIsolation.None)
        {
            return true;
        }

        if (owner is null)
        {
            // An id the gateway never saw: created at the provider directly, before the gateway stood in front of it,
            // or purged. It may well be another tenant's (all tenants share the provider account behind the gateway),
            // so a caller who guessed or learned one must not reach that response's content through the gateway. Only
            // a single-tenant gateway (None, above) lets such ids through.
            return false;
        }

        return isolation switch
        {
            ResponseIsolation.Key => SameName(owner.KeyName, callerKeyName),
            _ => owner switch
            {
                // A loopback caller without a key: nobody to hold the response to, and the gateway served anyone
                // on loopback alike when it was created.
                { KeyName: null } => true,
                { Team: null } => SameName(owner.KeyName, callerKeyName),
                _ => SameName(owner.Team, callerTeam),
            },
        };
    }

    // Ordinal: key names and teams are distinct strings in the key store and the spend report, where "Core" and
    // "core" are two teams; access must draw the same lines the bill does.
    private static bool SameName(string? owner, string? caller) => string.Equals(owner, caller, StringComparison.Ordinal);
}
