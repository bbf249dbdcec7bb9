using Tollgate.Core.Identity;

namespace Tollgate.Core.Exchange;

/// <summary>The request's tags (see <see cref="RequestTags"/>).</summary>
public abstract partial class ExchangeContext
{
    /// <summary>
    /// The tags the call is charged under: its key's, with those the caller added in <c>x-tollgate-tags</c>. Set by the
    /// identify stage; empty before it and for a call that names none. Budgets and rate limits that attach to a tag
    /// value read it here (<see cref="RequestTags.TryGetValue"/>); the ledger row records it.
    /// </summary>
    public RequestTags Tags { get; set; } = RequestTags.Empty;
}
