using Microsoft.Extensions.Logging;
using Tollgate.Core.Budgets;
using Tollgate.Core.Exchange;
using Tollgate.Core.Pipeline;
using Tollgate.Core.Pricing;

namespace Tollgate.Core.Stages;

/// <summary>
/// The stage right before the call: holds the request's worst-case cost (<see cref="WorstCaseCost"/>, at the model
/// that will serve it and the output limit the shape stage left) against every budget that applies, all at once, or
/// refuses it with a 402 when that could take one past its limit. Settlement (<see cref="BudgetSettlement"/>) later
/// replaces the hold with the actual cost. A request answered earlier (a cache hit, a coalesced waiter) never gets
/// here: it spends nothing and is served even when a budget is spent, unless chargeback holds it against the budgets
/// where it is answered. A request a budget applies to whose worst case
/// cannot be known (an unpriced model) is refused with a 400 naming the model and the pricing setting.
/// </summary>
public sealed partial class ReserveStage : IExchangeStage
{
    private readonly IBudgetSource _budgets;
    private readonly IBudgetCounters _counters;
    private readonly PricingCatalog _pricing;
    private readonly BudgetSettlement _settlement;
    private readonly ILogger<ReserveStage> _logger;

    /// <summary>Creates the stage.</summary>
    public ReserveStage(IBudgetSource budgets, IBudgetCounters counters, PricingCatalog pricing, BudgetSettlement settlement, ILogger<ReserveStage> logger)
    {
        _budgets = budgets;
        _counters = counters;
        _pricing = pricing;
        _settlement = settlement;
        _logger = logger;
    }

    /// <inheritdoc />
    public string Name => "reserve";

    /// <inheritdoc />
    public async ValueTask InvokeAsync(ExchangeContext exchange, ExchangeHandler next)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        ArgumentNullException.ThrowIfNull(next);
        BudgetReservation? reservation = null;
        if (Generates(exchange.Operation))
        {
            (reservation, var refusal) = await ReserveAsync(exchange, exchange.EditsIfAny?.Model ?? exchange.Request.Model).ConfigureAwait(false);
            if (refusal is not null)
            {
                exchange.Reject(refusal);
                return;
            }
        }

        if (reservation is null)
        {
            await next(exchange).ConfigureAwait(false);
            return;
        }

        exchange.BudgetReservation = reservation;
        try
        {
            await next(exchange).ConfigureAwait(false);
        }
        finally
        {
            // Normally the row's settlement settles the reservation (BudgetSettlement). A row already written without
            // that (its usage comes later, or the observers never ran) keeps the worst case as spent: unknown is not
            // zero. A row not yet written is settled by the settle stage, and the reservation with it.
            // A fallback may have moved the hold to another model's worst case (RebookAsync): the exchange's is the one held.
            var held = exchange.BudgetReservation ?? reservation;
            if (exchange.Settled && !held.IsCompleted)
            {
                await _settlement.SettleAsync(held, held.Charge, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Operations the provider bills for generating or embedding; the rest (listing, counting, retrieving) cost nothing.</summary>
    private static bool Generates(ExchangeOperation operation) =>
        operation is ExchangeOperation.ChatCompletions or ExchangeOperation.Messages or ExchangeOperation.Responses or ExchangeOperation.Embeddings;

    /// <summary>
    /// Holds the worst case of <paramref name="exchange"/> at <paramref name="model"/>, on top of what its earlier attempts
    /// were billed (<paramref name="spent"/>): the reservation (null when no budget applies), or why not.
    /// </summary>
    private async ValueTask<(BudgetReservation? Reservation, ExchangeRejection? Refusal)> ReserveAsync(ExchangeContext exchange, string? model, BudgetCharge spent = default)
    {
        var set = await _budgets.GetCurrentAsync(CancellationToken.None).ConfigureAwait(false);
        if (set.IsEmpty)
        {
            return (null, null);
        }

        var price = _pricing.Find(model);
        var applicable = set.Applicable(BudgetSubject.Of(exchange, model, price));
        if (applicable.Length == 0)
        {
            return (null, null);
        }

        var worst = WorstCaseCost.Of(exchange, model, price);
        if (!worst.IsKnown)
        {
            LogUnreservable(_logger, model ?? "(none)", exchange.RequestId);
            return (null, worst.Refusal());
        }

        var charge = worst.Charge + spent;
        var outcome = await _counters.TryReserveAsync(applicable, charge, CancellationToken.None).ConfigureAwait(false);
        if (outcome.RefusedBy is { } refusedBy)
        {
            LogRefused(_logger, refusedBy.Budget.DisplayName, refusedBy.Budget.Id, exchange.RequestId);
            return (null, BudgetRefusal.For(refusedBy, charge));
        }

        return (outcome.Reservation, null);
    }

    [LoggerMessage(EventId = 42, Level = LogLevel.Information, Message = "Budget {Budget} ({BudgetId}) refused request {RequestId}.")]
    private static partial void LogRefused(ILogger logger, string budget, string budgetId, string requestId);

    [LoggerMessage(EventId = 43, Level = LogLevel.Warning, Message = "Request {RequestId} for model {Model} cannot be reserved against its budgets: the model's price or maximum output is unknown.")]
    private static partial void LogUnreservable(ILogger logger, string model, string requestId);
}
