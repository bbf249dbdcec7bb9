using Tollgate.Core.Tiers;

namespace Tollgate.Core.Exchange;

/// <summary>The tiers' part of the exchange.</summary>
public abstract partial class ExchangeContext
{
    /// <summary>
    /// The tier the request belongs to and the member its tier budgets and limits count (set by <c>identify</c>); null
    /// when no tier applies.
    /// </summary>
    public TierMembership? Tier { get; set; }
}
