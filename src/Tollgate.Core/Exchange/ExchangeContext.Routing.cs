namespace Tollgate.Core.Exchange;

public abstract partial class ExchangeContext
{
    /// <summary>
    /// The route stage's choice of model, or null when the request goes to the model it names (or its feature's pinned
    /// one). Set before <c>shape</c> and <c>reserve</c>, which then work on the routed model (<see cref="Requests.RequestEdits"/>
    /// carries the edit); the ledger row keeps the requested model beside the served one.
    /// </summary>
    public RouteDecision? Routing { get; set; }
}
