namespace Tollgate.Core.Exchange;

/// <summary>
/// The route stage's choice of model for one exchange, when it sent the request to another model than the one it
/// would otherwise have been served with (<see cref="ExchangeContext.Routing"/>). Settlement prices the step from
/// <see cref="FromModel"/> to the model that served as <see cref="Lever"/>'s saving.
/// </summary>
/// <param name="FromModel">The model the request would have been served with: the one it names, its feature's pinned model, or (for a degrade after a route) the routed one.</param>
/// <param name="ToModel">The model it is sent to instead.</param>
/// <param name="Lever">The lever that chose it (<see cref="Ledger.Levers.Routing"/> or <see cref="Ledger.Levers.Degrade"/>).</param>
/// <param name="BudgetId">The budget whose state made the choice, when a budget did.</param>
/// <param name="BaselineModel">
/// The model the row's baseline is priced at when the request names none the catalog prices (<c>"model": "auto"</c>):
/// its routing rule's frontier model; kept by a degrade that follows the route.
/// </param>
public sealed record RouteDecision(string FromModel, string ToModel, string Lever, string? BudgetId, string? BaselineModel = null);
