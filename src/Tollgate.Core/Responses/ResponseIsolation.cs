namespace Tollgate.Core.Responses;

/// <summary>
/// Who may reach a stored response through the gateway (the <c>Tollgate:Responses:Isolation</c> setting): a
/// <c>GET</c>, <c>DELETE</c>, <c>cancel</c> or <c>input_items</c> naming it, or a call continuing it with
/// <c>previous_response_id</c>. A caller it does not allow is answered 404, as for an id that does not exist, so
/// a refusal does not confirm that another tenant's id is real. <see cref="ResponseAccess"/> decides.
/// </summary>
public enum ResponseIsolation
{
    /// <summary>
    /// The default. A response created under a team is reachable by callers of that team; one created by a key
    /// without a team only by that key; one created by a loopback caller without a key (no identity to hold it to)
    /// by anyone. An id the gateway never saw is refused.
    /// </summary>
    Team,

    /// <summary>
    /// Only the key that created a response reaches it, whatever the team; responses created without a key only
    /// by callers without a key. An id the gateway never saw is refused.
    /// </summary>
    Key,

    /// <summary>
    /// Single-tenant: anyone reaches any response, also one the gateway never saw (created directly at the provider,
    /// or before the gateway was put in front of it).
    /// </summary>
    None,
}
